import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Whether the API reaches its database and Redis right now.' })
export class Health {
  @Field({ description: '"ok" after a real round trip to PostgreSQL; otherwise a short reason.' })
  database: string;

  @Field({ description: '"ok" after a real round trip to Redis; otherwise a short reason.' })
  redis: string;

  @Field({ description: 'The version of the running product.' })
  version: string;
}

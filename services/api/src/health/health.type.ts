import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Whether the API reaches its database and Redis right now.' })
export class Health {
  @Field({
    description:
      '"ok" after a real round trip to PostgreSQL, else "unavailable" (the reason is in the operator\'s log).',
  })
  database: string;

  @Field({
    description:
      '"ok" after a real round trip to Redis, else "unavailable" (the reason is in the operator\'s log).',
  })
  redis: string;

  @Field({ description: 'The version of the running product.' })
  version: string;
}

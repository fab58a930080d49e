import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum LetterChannel {
  POST = 'post',
  RECORDED_DELIVERY = 'recorded-delivery',
  EMAIL = 'email',
  HAND = 'hand',
}
registerEnumType(LetterChannel, {
  name: 'LetterChannel',
  description: 'How a letter went to the customer.',
  valuesConfig: {
    POST: { description: 'By post.' },
    RECORDED_DELIVERY: { description: 'By recorded or signed-for delivery.' },
    EMAIL: { description: 'By email.' },
    HAND: { description: 'Delivered by hand.' },
  },
});

@ObjectType({ description: 'One section of a letter: why, what, how long, appeal, ...' })
export class LetterSectionNode {
  @Field({ description: 'Section key from the council’s template.' }) key: string;
  @Field({ description: 'The heading printed above the section.' }) heading: string;
  @Field({ description: 'The section’s text, filled in.' }) text: string;
}

@ObjectType({ description: 'A letter to the customer, rendered from the council’s template.' })
export class LetterNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field(() => ID, { description: 'The case it belongs to.' }) caseId: string;
  @Field(() => ID, { nullable: true, description: 'The decision it reports, if any.' })
  decisionId: string | null;
  @Field({ description: 'Key of the template it was rendered from.' }) templateKey: string;
  @Field({ description: 'The letter’s title.' }) title: string;
  @Field({ description: 'The whole letter as plain text.' }) body: string;
  @Field(() => [LetterSectionNode], { description: 'The letter’s sections, in order.' })
  sections: LetterSectionNode[];
  @Field({ description: 'draft or sent.' }) status: string;
  @Field({ description: 'When it was written.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was sent to the customer.' })
  sentAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'Who marked it sent.' }) sentBy: string | null;
  @Field(() => [LetterChannel], { description: 'How it was sent; empty while a draft.' })
  channels: string[];
}

import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { RegisterImportField } from './register-import.mapping';

/** A register upload of at most 5 MB (10,000 rows of a wide register fit in well under that). */
export const MAX_REGISTER_BYTES = 5 * 1024 * 1024;

export const registerImportSchema = z.strictObject({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\]+\.(csv|xlsx)$/i, 'must be a file name ending in .csv or .xlsx'),
  contentBase64: z
    .base64()
    .min(1, 'the file is empty')
    .max(Math.ceil((MAX_REGISTER_BYTES * 4) / 3) + 4, 'the register may be at most 5 MB'),
  mapping: z
    .array(
      z.strictObject({
        column: z.string().min(1).max(200),
        field: z.enum(RegisterImportField),
      }),
    )
    .max(100)
    .nullish(),
});

@InputType({ description: 'Which Conduct field a column of the register fills.' })
export class RegisterColumnMappingInput {
  @Field({ description: 'The column’s header, exactly as in the file.' }) column: string;
  @Field(() => RegisterImportField, { description: 'The field it fills.' })
  field: RegisterImportField;
}

@InputType({ description: 'The council’s existing register, as a CSV or XLSX file.' })
export class RegisterImportInput {
  @Field({ description: 'File name, ending in .csv or .xlsx (this chooses how it is read).' })
  filename: string;
  @Field({
    description:
      'The file, base64 (at most 5 MB). CSV: UTF-8, header row first. XLSX: the first sheet, header row first.',
  })
  contentBase64: string;
  @Field(() => [RegisterColumnMappingInput], {
    nullable: true,
    description:
      'Which column fills which field; absent: the mapping suggested from the header names. Unmapped columns are ignored.',
  })
  mapping?: RegisterColumnMappingInput[] | null;
}

@ObjectType({ description: 'A column of the register and the Conduct field it fills.' })
export class RegisterColumnMappingNode {
  @Field({ description: 'The column’s header.' }) column: string;
  @Field(() => RegisterImportField, { description: 'The field it fills.' })
  field: RegisterImportField;
}

@ObjectType({ description: 'A problem with one row of the register, in the council’s columns.' })
export class RegisterImportFaultNode {
  @Field(() => Int, { description: 'The row as the spreadsheet numbers it (the header is row 1).' })
  row: number;
  @Field(() => [String], { description: 'The column(s) the problem is in, by their headers.' })
  columns: string[];
  @Field({
    description:
      'Stable code: INVALID_VALUE, MISSING_VALUE, UNKNOWN_STAGE, UNKNOWN_MEASURE, MEASURE_NOT_AT_STAGE, MEASURE_DETAILS, INVALID_DATE, DATE_IN_FUTURE, DATES_OUT_OF_ORDER, INDEFINITE_NOT_ALLOWED, NO_REVIEW_DATE, DUPLICATE_IN_FILE or ALREADY_EXISTS.',
  })
  code: string;
  @Field({ description: 'What is wrong, in plain words.' }) message: string;
}

@ObjectType({ description: 'What a register import creates.' })
export class RegisterImportCountsNode {
  @Field(() => Int, { description: 'Customers.' }) customers: number;
  @Field(() => Int, { description: 'Cases, each at its stage.' }) cases: number;
  @Field(() => Int, { description: 'Decisions of kind imported, one per row.' }) decisions: number;
  @Field(() => Int, { description: 'Measures, with their backdated dates.' }) restrictions: number;
}

@ObjectType({ description: 'A register the council imported.' })
export class RegisterImportNode {
  @Field(() => ID, { description: 'Stable id.' }) id: string;
  @Field({ description: 'SHA-256 of the file, hex: the same file imports once.' }) sha256: string;
  @Field({ description: 'The file’s name.' }) filename: string;
  @Field({ description: 'csv or xlsx.' }) format: string;
  @Field(() => Int, { description: 'Rows imported.' }) rowCount: number;
  @Field(() => RegisterImportCountsNode, { description: 'What it created.' })
  counts: RegisterImportCountsNode;
  @Field(() => [RegisterColumnMappingNode], { description: 'The mapping it used.' })
  mapping: RegisterColumnMappingNode[];
  @Field({ description: 'When.' }) importedAt: Date;
}

@ObjectType({
  description: 'The dry run of a register import: every row’s problems, and what it would create.',
})
export class RegisterImportPreviewNode {
  @Field({ description: 'SHA-256 of the file, hex.' }) sha256: string;
  @Field({ description: 'csv or xlsx.' }) format: string;
  @Field(() => [String], { description: 'The header row.' }) headers: string[];
  @Field(() => [RegisterColumnMappingNode], {
    description: 'The mapping suggested from the header names.',
  })
  suggestedMapping: RegisterColumnMappingNode[];
  @Field(() => [RegisterColumnMappingNode], { description: 'The mapping this dry run used.' })
  mapping: RegisterColumnMappingNode[];
  @Field(() => Int, { description: 'Data rows in the file (blank rows are skipped).' })
  rowCount: number;
  @Field(() => Int, {
    description: 'Rows with at least one problem: while any remain, nothing imports.',
  })
  faultyRowCount: number;
  @Field(() => [RegisterImportFaultNode], { description: 'Every problem, by row then column.' })
  faults: RegisterImportFaultNode[];
  @Field(() => RegisterImportCountsNode, {
    description:
      'What importing the faultless rows would create (the import takes all rows or none).',
  })
  wouldCreate: RegisterImportCountsNode;
  @Field(() => RegisterImportNode, {
    nullable: true,
    description:
      'This very file’s earlier import, if it was imported already (importing it again changes nothing).',
  })
  alreadyImported: RegisterImportNode | null;
}

@ObjectType({ description: 'The result of importing a register.' })
export class RegisterImportResultNode {
  @Field(() => RegisterImportNode, { description: 'The import.' }) import: RegisterImportNode;
  @Field({ description: 'True when this file had been imported before: nothing new was written.' })
  alreadyImported: boolean;
}

@ObjectType({
  description: 'Where an imported decision came from: the council’s register file and row.',
})
export class ImportedDecisionSourceNode {
  @Field(() => RegisterImportNode, { description: 'The register import.' })
  import: RegisterImportNode;
  @Field(() => Int, { description: 'The row of the file (the header is row 1).' }) row: number;
}

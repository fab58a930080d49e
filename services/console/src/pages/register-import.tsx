import { useState } from 'react';
import { ApiProblem, request } from '../api';
import { graphql } from '../gql';
import type { RegisterImportPreviewQuery } from '../gql/graphql';
import {
  Button,
  FileInput,
  Form,
  Page,
  Success,
  SummaryList,
  formatDateTime,
  useForm,
} from '../ui';

const PreviewDocument = graphql(`
  query RegisterImportPreview($input: RegisterImportInput!) {
    previewRegisterImport(input: $input) {
      format
      rowCount
      faultyRowCount
      mapping {
        column
        field
      }
      faults {
        row
        columns
        code
        message
      }
      wouldCreate {
        customers
        cases
        decisions
        restrictions
      }
      alreadyImported {
        id
        importedAt
      }
    }
  }
`);

const ImportDocument = graphql(`
  mutation ImportRegister($input: RegisterImportInput!) {
    importRegister(input: $input) {
      alreadyImported
      import {
        id
        filename
        counts {
          customers
          cases
          decisions
          restrictions
        }
      }
    }
  }
`);

type Preview = RegisterImportPreviewQuery['previewRegisterImport'];

/** The API's limit on a register file. */
const MAX_BYTES = 5 * 1024 * 1024;

/** The file as the API takes it: its name and its bytes in base64. */
async function upload(file: File) {
  if (file.size > MAX_BYTES)
    throw new ApiProblem('The file is larger than 5 MB.', 'BAD_USER_INPUT', {
      'input.contentBase64': 'The file is larger than 5 MB.',
    });
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { filename: file.name, contentBase64: btoa(binary) };
}

const FIELD_WORDS: Record<string, string> = {
  ADDRESS: 'Address',
  CASE_REFERENCE: 'Case reference',
  CUSTOMER_NAME: 'Customer’s name',
  CUSTOMER_REFERENCE: 'Customer reference',
  DECISION_DATE: 'Decision date',
  EMAIL: 'Email',
  MEASURES: 'Measures',
  MEASURES_END: 'Measures end',
  MEASURES_START: 'Measures start',
  NOTES: 'Notes',
  OPENED_DATE: 'Opened',
  PHONE: 'Telephone',
  REVIEW_DATE: 'Next review',
  STAGE: 'Stage',
};

const counted = (c: Preview['wouldCreate']) =>
  `${c.customers} customer(s), ${c.cases} case(s), ${c.decisions} decision(s), ${c.restrictions} measure(s)`;

/**
 * Bring in the council's existing register (tenant admins): upload a CSV or
 * XLSX, see the dry run (every faulty row with its columns and why, what would
 * be created), and import it, all rows or none, once.
 */
export function RegisterImportPage() {
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<{
    input: Awaited<ReturnType<typeof upload>>;
    p: Preview;
  }>();
  const [imported, setImported] = useState<string>();
  const checking = useForm();
  const importing = useForm();
  const check = () =>
    checking.submit(async () => {
      setPreview(undefined);
      setImported(undefined);
      if (!file)
        throw new ApiProblem('Choose the register file.', 'BAD_USER_INPUT', {
          'input.contentBase64': 'Choose the register file.',
        });
      const input = await upload(file);
      const { previewRegisterImport } = await request(PreviewDocument, { input });
      setPreview({ input, p: previewRegisterImport });
    });
  const confirm = () =>
    importing.submit(async () => {
      const { importRegister } = await request(ImportDocument, { input: preview!.input });
      setImported(
        importRegister.alreadyImported
          ? `${importRegister.import.filename} had been imported already: nothing new was written.`
          : `Imported ${importRegister.import.filename}: ${counted(importRegister.import.counts)}.`,
      );
      setPreview(undefined);
    });
  return (
    <Page title="Import the register" caption="Tenant admin">
      <p className="govuk-body">
        Bring in the register your council kept before Conduct. Nothing is written until you
        confirm, and a file with any faulty row imports nothing.
      </p>
      {imported && <Success>{imported}</Success>}
      <Form form={checking} onSubmit={() => void check()}>
        <FileInput
          id="register-file"
          label="Register file (CSV or XLSX, at most 5 MB)"
          hint="The first row holds the column headers."
          apiField="input.contentBase64"
          accept=".csv,.xlsx"
          onChange={setFile}
        />
        <Button type="submit" busy={checking.busy}>
          Check the file
        </Button>
      </Form>
      {preview && <PreviewReport p={preview.p} form={importing} onConfirm={() => void confirm()} />}
    </Page>
  );
}

function PreviewReport(props: { p: Preview; form: ReturnType<typeof useForm>; onConfirm(): void }) {
  const { p } = props;
  return (
    <section aria-labelledby="preview-heading" data-testid="import-preview">
      <h2 className="govuk-heading-m" id="preview-heading">
        What the file would import
      </h2>
      <SummaryList
        rows={[
          ['Rows', String(p.rowCount)],
          ['Rows with a problem', String(p.faultyRowCount)],
          ['Would create', counted(p.wouldCreate)],
          [
            'Columns used',
            p.mapping.map((m) => `${m.column} → ${FIELD_WORDS[m.field] ?? m.field}`).join('; '),
          ],
        ]}
      />
      {p.alreadyImported && (
        <div className="govuk-inset-text">
          This file was imported on {formatDateTime(p.alreadyImported.importedAt)}: importing it
          again changes nothing.
        </div>
      )}
      {p.faults.length > 0 ? (
        <>
          <h3 className="govuk-heading-s">
            Put these right in the file and check it again: nothing imports while any remain
          </h3>
          <div
            className="conduct-table-wrapper"
            tabIndex={0}
            role="region"
            aria-label="Problems in the file"
          >
            <table className="govuk-table" data-testid="import-faults">
              <caption className="govuk-table__caption govuk-visually-hidden">
                Problems in the file, by row
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Row
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Column
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Problem
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {p.faults.map((f, i) => (
                  <tr className="govuk-table__row" key={`${f.row}-${f.code}-${i}`}>
                    <td className="govuk-table__cell">{f.row}</td>
                    <td className="govuk-table__cell">{f.columns.join(', ')}</td>
                    <td className="govuk-table__cell">{f.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <Form form={props.form} onSubmit={props.onConfirm}>
          <p className="govuk-body">Every row can be imported.</p>
          <Button type="submit" busy={props.form.busy}>
            Import {p.rowCount} row(s)
          </Button>
        </Form>
      )}
    </section>
  );
}

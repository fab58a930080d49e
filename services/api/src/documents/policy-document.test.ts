import { createHash } from 'node:crypto';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const UPLOAD = `mutation($input: UploadPolicyDocumentInput!) {
  uploadPolicyDocument(input: $input) { bytes sha256 }
}`;
const MB = 1024 * 1024;

/** A PDF of `bytes` bytes: a header, a comment as long as needed (scanned policies are large), an end. */
function pdfOf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n%');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(bytes - head.length - tail.length, 0x41), tail]);
}

const input = (pdf: Buffer) => ({
  input: {
    title: 'Unreasonable Customer Contact Policy',
    filename: 'policy.pdf',
    contentBase64: pdf.toString('base64'),
  },
});

describe('the policy document upload takes a real council policy', () => {
  let api: TestApi;
  let admin: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.token('maidstone', 'admin@maidstone.example');
  });
  afterAll(() => api.close());

  const stored = async () =>
    (await api.owner.query(
      `select length(data)::int as bytes, sha256 from policy_document where tenant_id = $1`,
      [api.tenants.maidstone],
    )) as { bytes: number; sha256: string }[];

  it('stores a 5 MB PDF whole', async () => {
    const pdf = pdfOf(5 * MB);
    const res = await api.gql<{ uploadPolicyDocument: { bytes: number; sha256: string } }>(
      UPLOAD,
      input(pdf),
      admin,
    );
    expect(res.errors).toBeUndefined();
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(res.data!.uploadPolicyDocument).toEqual({ bytes: 5 * MB, sha256 });
    expect(await stored()).toEqual([{ bytes: 5 * MB, sha256 }]);
  });

  it('refuses over 10 MB with a coded error, and writes nothing', async () => {
    const before = await stored();
    const over = await api.gql(UPLOAD, input(pdfOf(10 * MB + 1)), admin);
    expect(over.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.contentBase64',
      limitBytes: 10 * MB,
    });
    expect(over.errors?.[0]?.message).toContain('at most 10 MB');
    // Past the upload body limit the parser refuses before anything runs.
    const far = await api.gql(UPLOAD, input(pdfOf(12 * MB)), admin);
    expect(far.status).toBe(413);
    expect(far.errors?.[0]?.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await stored()).toEqual(before);
  });

  it('keeps the 200 kB limit for every other operation, even one riding along with an upload', async () => {
    const riding = await api.gql(
      `mutation($input: UploadPolicyDocumentInput!) { uploadPolicyDocument(input: $input) { bytes } me: __typename }`,
      input(pdfOf(MB)),
      admin,
    );
    expect(riding.status).toBe(413);
    expect(riding.errors?.[0]?.extensions).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      limitBytes: 200 * 1024,
    });
    const padded = await api.gql(
      `query($pad: String) { __typename }`,
      { pad: 'x'.repeat(300_000) },
      admin,
    );
    expect(padded.status).toBe(413);
  });
});

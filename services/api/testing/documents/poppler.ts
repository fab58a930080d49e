import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function withPdf<T>(pdf: Buffer, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'conduct-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text poppler's pdftotext extracts (what a screen reader or a search would get). */
export const popplerText = (pdf: Buffer) =>
  withPdf(pdf, async (file) => (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout);

/** pdfinfo's fields, e.g. `Tagged: yes`, `Title: …`. */
export const popplerInfo = (pdf: Buffer) =>
  withPdf(pdf, async (file) => {
    const { stdout } = await run('pdfinfo', [file]);
    return Object.fromEntries(
      stdout
        .split('\n')
        .filter((l) => l.includes(':'))
        .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
    );
  });

/** The fonts pdffonts lists: name, type, embedded. */
export const popplerFonts = (pdf: Buffer) =>
  withPdf(pdf, async (file) => (await run('pdffonts', [file])).stdout);

/** Page 1..n as PNG files at 60 dpi (pdftoppm), written to `outDir` as `<name>-<n>.png`. */
export const pagesToPng = (pdf: Buffer, outDir: string, name: string, firstPages = 1) =>
  withPdf(pdf, async (file, dir) => {
    await run('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-l',
      String(firstPages),
      file,
      path.join(dir, 'p'),
    ]);
    const pngs = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
    const written: string[] = [];
    for (const [i, png] of pngs.entries()) {
      const target = path.join(outDir, `${name}-${i + 1}.png`);
      await writeFile(target, await readFile(path.join(dir, png)));
      written.push(target);
    }
    return written;
  });

/** The repository's ignored `artifacts/` folder, where tests leave what a person should look at. */
export async function artifactDir(): Promise<string> {
  const dir = path.resolve(__dirname, '../../../../../artifacts');
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  return dir;
}

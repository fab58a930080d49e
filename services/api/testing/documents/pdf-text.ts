import { execFile } from 'node:child_process';

/**
 * The text of a PDF, page by page, by pdf-parse (pdf.js). Run in a plain Node
 * child process: pdf.js loads its worker with a dynamic import, which jest's
 * CommonJS sandbox refuses.
 */
export function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const script = `
    const { PDFParse } = require(${JSON.stringify(require.resolve('pdf-parse'))});
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: Buffer.concat(chunks) });
      const res = await parser.getText();
      await parser.destroy();
      process.stdout.write(JSON.stringify({ text: res.text, pages: res.total }));
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', script],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`pdf-parse failed: ${stderr || err.message}`));
        else resolve(JSON.parse(stdout) as { text: string; pages: number });
      },
    );
    child.stdin!.end(pdf);
  });
}

import { renderPdf } from './pdf';
import { scriptRuns } from './fonts/font-faces';
import {
  artifactDir,
  pagesToPng,
  popplerFonts,
  popplerInfo,
  popplerText,
} from '@conduct/api/testing/documents/poppler';

/** Names as people in England and Wales write them, across the scripts the faces cover. */
export const NAMES = [
  'Zoë Brontë-Müller',
  'François Lefèvre',
  'Siobhán Ní Bhriain',
  'José María Núñez',
  'Åsa Øberg',
  'Llŷr ap Gwŷn',
  'Dafydd Ŵyn Rhŷs',
  'Siân Hâf',
  'Łukasz Wójcik',
  'Zofia Żółkiewska',
  'Grzegorz Brzęczyszczykiewicz',
  'Γιώργος Παπαδόπουλος',
  'Ελένη Κωνσταντίνου',
  'Олександр Шевченко',
  'Наталья Иванова',
  'Ђорђе Петровић',
  'محمد علي',
  'فاطمة الزهراء',
  'عمران خان',
  'דוד כהן',
  'שרה לוי',
  'राहुल शर्मा',
  'प्रिया गुप्ता',
  'সৌমিত্র চট্টোপাধ্যায়',
  'রহিম উদ্দিন',
  'ਹਰਪ੍ਰੀਤ ਸਿੰਘ',
  'ਗੁਰਪ੍ਰੀਤ ਕੌਰ',
  '王小明',
  '李娜',
  '张伟',
];

const letterhead = {
  name: 'Cyngor Sir Ddinbych — Llŷs',
  address: '1 High Street, Ruthin',
  logo: null,
};

describe('PDFs in every script people write their names in', () => {
  it('splits text into runs by script, neutrals following the bidirectional rule', () => {
    expect(scriptRuns('Dear محمد علي, thank you').map((r) => [r.face.key, r.text])).toEqual([
      ['latin', 'Dear '],
      ['arabic', 'محمد علي'],
      ['latin', ', thank you'],
    ]);
    expect(scriptRuns('राहुल शर्मा →').map((r) => r.face.key)).toEqual([
      'devanagari',
      'latin',
      'devanagari',
      'latin',
      // Noto Sans has no arrows: the first face that does (Noto Sans SC).
      'han',
    ]);
  });

  it('prints all 30 names intact, in a tagged PDF with embedded fonts', async () => {
    const pdf = await renderPdf(
      {
        letterhead,
        title: 'Names → letters',
        addressee: ['Łukasz Wójcik', '12 Ffordd y Llŷn', 'Caernarfon LL55 1AB'],
        marking: 'Private and confidential',
        meta: ['Date: 5 January 2026'],
        blocks: NAMES.map((n) => ({ kind: 'paragraph' as const, text: `Dear ${n},` })),
      },
      new Date('2026-01-05T10:00:00Z'),
    );
    // pdftotext wraps right-to-left words in embedding marks: formatting, not text.
    const text = (await popplerText(pdf))
      .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
      .normalize('NFC');
    const missing = NAMES.filter((n) => !text.includes(n.normalize('NFC')));
    expect(missing).toEqual([]);
    expect(text).toContain('Names → letters');
    expect(text).toContain('PRIVATE AND CONFIDENTIAL');

    await pagesToPng(pdf, await artifactDir(), 'names-in-every-script', 2);

    const info = await popplerInfo(pdf);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('Names → letters');
    expect(info['PDF version']).toBe('1.7');
    // Every font embedded (no standard Helvetica), subset to what is used.
    const fonts = (await popplerFonts(pdf)).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThanOrEqual(7);
    for (const f of fonts) expect(f).toMatch(/\byes\s+yes\s+yes\b/);
  });
});

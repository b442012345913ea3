/**
 * The fixed documents httpbin serves. `/json` and `/xml` are httpbin's own
 * sample slideshow; `/html` is the same Moby-Dick page, shortened to its
 * first paragraph; `/encoding/utf8` is a short sample in the spirit of
 * httpbin's UTF-8 demo, with 2-, 3- and 4-byte characters.
 */

import type { Json } from './util.js'

export const SLIDESHOW_JSON: Json = {
  slideshow: {
    author: 'Yours Truly',
    date: 'date of publication',
    slides: [
      { title: 'Wake up to WonderWidgets!', type: 'all' },
      {
        items: ['Why <em>WonderWidgets</em> are great', 'Who <em>buys</em> WonderWidgets'],
        title: 'Overview',
        type: 'all',
      },
    ],
    title: 'Sample Slide Show',
  },
}

export const SLIDESHOW_XML = `<?xml version='1.0' encoding='us-ascii'?>

<!--  A SAMPLE set of slides  -->

<slideshow 
    title="Sample Slide Show"
    date="Date of publication"
    author="Yours Truly"
    >

    <!-- TITLE SLIDE -->
    <slide type="all">
      <title>Wake up to WonderWidgets!</title>
    </slide>

    <!-- OVERVIEW -->
    <slide type="all">
        <title>Overview</title>
        <item>Why <em>WonderWidgets</em> are great</item>
        <item/>
        <item>Who <em>buys</em> WonderWidgets</item>
    </slide>

</slideshow>`

export const MOBY_DICK_HTML = `<!DOCTYPE html>
<html>
  <head>
  </head>
  <body>
      <h1>Herman Melville - Moby-Dick</h1>

      <div>
        <p>
          Availing himself of the mild, summer-cool weather that now reigned in these latitudes, and in preparation for the peculiarly active pursuits shortly to be anticipated, Perth, the begrimed, blistered old blacksmith, had not removed his portable forge to the hold again, after concluding his contributory work for Ahab's leg, but still retained it on deck, fast lashed to ringbolts by the foremast; being now almost incessantly invoked by the headsmen, and harpooneers, and bowsmen to do some little job for them; altering, or repairing, or new shaping their various weapons and boat furniture.
        </p>
      </div>
  </body>
</html>`

export const UTF8_DEMO = `<h1>Unicode Demo</h1>

<h2>UTF-8 encoded sample plain-text file</h2>

<pre>
Latin-1 (2 bytes):   Ça va? Größe, naïve café, señor, smørrebrød
Greek (2 bytes):     Σὲ γνωρίζω ἀπὸ τὴν κόψη
Cyrillic (2 bytes):  Съешь же ещё этих мягких французских булок
Math (3 bytes):      ∮ E⋅da = Q,  n → ∞, ∑ f(i) = ∏ g(i), ∀x∈ℝ: ⌈x⌉ = −⌊−x⌋
Euro and quotes:     € 100 – “quoted” ‘text’ …
CJK (3 bytes):       日本語のテキスト, 中文字符, 한국어
Emoji (4 bytes):     🎉 🚀 👍🏽 𝄞
</pre>
`

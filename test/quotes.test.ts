import { findQuoteSpans, quoteConvention, type QuoteSpan } from '../src/extraction/quotes';

/**
 * The quotation-mark stage alone (src/extraction/quotes.ts), one rule per test, on synthetic text.
 * The real-news corpus (npm run eval:extraction) measures the rules together on published copy.
 */

function texts(body: string): string[] {
  return findQuoteSpans(body).map((span) => body.slice(span.start, span.end));
}

function only(body: string): QuoteSpan {
  const spans = findQuoteSpans(body);
  expect(spans).toHaveLength(1);
  return spans[0];
}

/** Characters read by index per character of the body, however the scan is written. */
function readsPerCharacter(text: string): number {
  let reads = 0;
  const counted = new Proxy(new String(text), {
    get(target, property) {
      if (property === 'toString' || property === 'valueOf') return () => text;
      if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
      return Reflect.get(target, property);
    },
  });
  findQuoteSpans(counted as unknown as string);
  return reads / text.length;
}

describe('British single marks', () => {
  it('reads curly single marks as a quotation', () => {
    expect(texts('‘We will not be moved,’ she said.')).toEqual(['We will not be moved,']);
  });

  it('reads straight single marks as a quotation', () => {
    expect(texts("'We will not be moved,' she said.")).toEqual(['We will not be moved,']);
  });

  it('reads a curly opening mark followed by a space, leaving the space out', () => {
    expect(texts('‘ The checkpoints were quiet,’ said the sergeant.')).toEqual(['The checkpoints were quiet,']);
  });

  it('reads doubled apostrophes as double marks', () => {
    const body = "''The principles are like the Constitution,'' Fukuda said. He was the ''top official''.";
    expect(texts(body)).toEqual(['The principles are like the Constitution,', 'top official']);
    expect(findQuoteSpans(body).map((span) => span.marks)).toEqual(['double', 'double']);
  });

  it('closes a curly double quotation on two closing single marks, as some papers type it', () => {
    expect(texts('Mr Adams added: “Then you told us you did not do this.’’')).toEqual(['Then you told us you did not do this.']);
  });
});

describe('a whole article in the British style', () => {
  it('gives every quotation, whatever its apostrophes, nesting and paragraphs', () => {
    const body = [
      "Harbour master Ewan McLeod said the ferry's return was 'long overdue'.",
      "'The islanders' patience has run out,' he said. 'We've waited since the '90s for a proper service.",
      '\'I told the minister "enough is enough", and I meant it.\'',
      "Ms O'Hara, the council's leader, called the plan 'a shambles' and 'an insult to the Joneses' of this world'.",
      "'It's not good enough,' she added.",
    ].join('\n');
    expect(quoteConvention(body)).toBe('british');
    expect(texts(body)).toEqual([
      'long overdue',
      "The islanders' patience has run out,",
      "We've waited since the '90s for a proper service.\n'I told the minister \"enough is enough\", and I meant it.",
      'a shambles',
      "an insult to the Joneses' of this world",
      "It's not good enough,",
    ]);
  });
});

describe('apostrophes', () => {
  it('never takes an apostrophe for a quotation mark', () => {
    const body =
      "Iran's rivals don't agree. The '90s and rock 'n' roll are gone, and the Joneses' house is O'Neill's now; ’em, 'tis, 'cos and 'bout too.";
    expect(findQuoteSpans(body)).toEqual([]);
  });

  it('keeps apostrophes inside a single-marked quotation as its text', () => {
    const body = "'The Joneses' house was empty in the '90s, and rock 'n' roll didn't help O'Neill,' she said.";
    expect(texts(body)).toEqual(["The Joneses' house was empty in the '90s, and rock 'n' roll didn't help O'Neill,"]);
  });

  it('closes at a mark after punctuation before a possessive-looking one', () => {
    expect(texts("'The workers' union will strike on Monday,' he said.")).toEqual(["The workers' union will strike on Monday,"]);
  });

  it('closes at the first mark after a word when nothing surer follows before the next quotation', () => {
    expect(texts("He described them as 'bullies' and 'cowards' in the letter.")).toEqual(['bullies', 'cowards']);
  });

  it('takes a double mark between two letters for an apostrophe', () => {
    expect(texts('At today"s briefing the spokesman "answered" the accusations.')).toEqual(['answered']);
  });
});

describe('marks typed wrong', () => {
  it('closes a double quotation on a closing mark of the wrong kind when its own never comes on the line', () => {
    expect(texts('“We are disappointed by the decision,’ he said in an interview.')).toEqual(['We are disappointed by the decision,']);
    expect(texts('"We are here,” she said.')).toEqual(['We are here,']);
    // Not the closing mark of a single quotation nested in it: the double one stays open to the paragraph's end.
    expect(texts('“He called it ‘final,’ and left.')).toEqual(['He called it ‘final,’ and left.']);
  });

  it('leaves a straight quotation unclosed when the next straight mark opens one', () => {
    expect(texts('"We will go, he said. "Fine," she said.')).toEqual(['Fine,']);
    expect(texts('"It must end now ", - he said.')).toEqual(['It must end now']);
  });
});

describe('conventions and nesting', () => {
  it('tells a British article from a US one by the marks its quotations open with', () => {
    expect(quoteConvention("'We are ready,' he said.\n'So are we,' she said. The \"deal\" holds.")).toBe('british');
    expect(quoteConvention('"We are ready," he said. The \'deal\' holds.\n"So are we," she said.')).toBe('us');
    expect(quoteConvention("Iran's rivals don't agree.")).toBe('us');
  });

  it('keeps double marks inside a single-marked quotation as part of it', () => {
    const span = only("'They called it \"a gift\", which it isn't,' she said.");
    expect(span.marks).toBe('single');
    expect(span.words).toBe(8);
  });

  it('keeps single marks inside a double-marked quotation as part of it', () => {
    const span = only("\"They called it 'a gift', which it isn't,\" she said.");
    expect(span.marks).toBe('double');
  });

  it('ends a single quotation before the next one opens, even with no closing mark before it', () => {
    expect(texts("'We were never told, he said. 'Not once,' she added.")).toEqual(['Not once,']);
  });
});

describe('quotations over several paragraphs', () => {
  it('reads a British quotation that reopens each paragraph and closes only at the end as one', () => {
    const body = "The minister spoke.\n'Our seawalls do not wait.\n'Our wells do not wait either,' she said.";
    const span = only(body);
    expect(body.slice(span.start, span.end)).toBe("Our seawalls do not wait.\n'Our wells do not wait either,");
    expect(span.paragraphs).toBe(2);
  });

  it('does not cut at a possessive-looking mark when the next paragraph reopens the quotation', () => {
    const body = "'We met at the Smiths' house.\n'Then we left,' he said.";
    expect(texts(body)).toEqual(["We met at the Smiths' house.\n'Then we left,"]);
  });

  it('reads a double quotation over paragraphs as one, after a closed one in the first', () => {
    const body = '“One,” he said. “Two.\n\n“Three.”';
    expect(texts(body)).toEqual(['One,', 'Two.\n\n“Three.']);
    expect(findQuoteSpans(body).map((span) => span.paragraphs)).toEqual([1, 2]);
  });

  it('continues a double quotation on a paragraph that opens with a double mark of the other kind', () => {
    const body = 'But he warned: “This is not a niche thing.\n"I think they undermine their cause.” Then he left.';
    expect(texts(body)).toEqual(['This is not a niche thing.\n"I think they undermine their cause.']);
  });

  it('lets an unclosed paragraph followed by one that opens with no mark run to its end (double marks) or end nothing (single)', () => {
    for (const [open, close] of [
      ['“', '”'],
      ["'", "'"],
      ['‘', '’'],
    ]) {
      const body = `He said ${open}we will see.\nThe talks resumed. ${open}Fine,${close} she said.`;
      expect(texts(body)).toEqual(open === '“' ? ['we will see.', 'Fine,'] : ['Fine,']);
    }
  });
});

describe('what the attribution stage needs to know of a span', () => {
  it('marks a partial quotation inside a sentence, with its words and case', () => {
    const [gift] = findQuoteSpans("The minister called the plan 'a gift' on Monday.");
    expect(gift).toMatchObject({ marks: 'single', inSentence: true, words: 2, opensLowercase: true, titleCased: false, paragraphs: 1 });
  });

  it('marks a quotation after a colon or at a paragraph start as not inside a sentence', () => {
    expect(findQuoteSpans('He said: "We will go."\n"So will we," she said.').map((span) => span.inSentence)).toEqual([false, false]);
  });

  it('marks a title-cased span', () => {
    expect(only('She starred in "The Grapes of Wrath" last year.').titleCased).toBe(true);
    expect(only('She said "the grapes were sour" last year.').titleCased).toBe(false);
  });
});

describe('spans', () => {
  it('are in order, apart, around non-empty trimmed text, opened and closed by marks or a paragraph left unclosed, on any body', () => {
    const alphabet = ['a', 's', ' ', ' ', '\n', '"', '“', '”', "'", '‘', '’', '«', '»', '„', ',', '.', '9'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const broken: string[] = [];
    for (let run = 0; run < 20_000; run++) {
      let body = '';
      for (let length = 1 + Math.floor(random() * 40); length > 0; length--) body += alphabet[Math.floor(random() * alphabet.length)];
      let previousEnd = 0;
      for (const span of findQuoteSpans(body)) {
        const text = body.slice(span.start, span.end);
        // A paragraph whose opening mark the page left out starts at the paragraph's first word;
        // one whose closing mark it left out ends at its end or at the comma before ", said X".
        // A closing curly mark may open where the page typed it for one (activists,” Avoid …”).
        const openedByMark = `"“„«»'‘”`.includes(body[span.openStart]) && span.openStart < span.start;
        const opensParagraph =
          span.openStart === span.start &&
          body
            .slice(0, span.start)
            .replace(/[ \t]*$/, '')
            .match(/(^|\n)$/) !== null;
        const closedByMark = `"”“«»'’`.includes(body[span.closeEnd - 1]) && span.end < span.closeEnd;
        const leftOpen = /^\s*$/.test(body.slice(span.end, span.closeEnd)) && /^(,|\s*(\n|$))/.test(body.slice(span.closeEnd));
        const sound =
          span.openStart >= previousEnd &&
          (openedByMark || opensParagraph) &&
          span.start < span.end &&
          (closedByMark || leftOpen) &&
          text.trim() === text;
        if (!sound) broken.push(JSON.stringify({ body, span }));
        previousEnd = span.closeEnd;
      }
    }
    expect(broken.slice(0, 3)).toEqual([]);
  });
});

describe('linear time', () => {
  const length = 3_000;
  const pathological: Record<string, string> = {
    'single opening marks': "'a ".repeat(length / 3),
    'curly single opening marks': '‘'.repeat(length),
    'possessive-looking marks': "'s the Joneses' ".repeat(length / 16),
    'paragraphs that each open a single quotation and never close it': "'a\n".repeat(length / 3),
    'single quotations holding double ones that hold single ones': `'x ${'"\'y" '.repeat(length / 5)}`,
    'doubled apostrophes': "''".repeat(length / 2),
    'mixed marks': "He said ‘It is “all ’ fine 'and' « more\n".repeat(length / 40),
  };

  it.each(Object.entries(pathological))('reads each character a bounded number of times: %s', (_name, body) => {
    expect(readsPerCharacter(body)).toBeLessThan(8);
  });

  it('reads a 1 MB body of marks', () => {
    const body = "'a \"b 'c\" ‘d’ e's f' ''g''\n".repeat(40_000);
    expect(body.length).toBeGreaterThan(1_000_000);
    const started = process.hrtime.bigint();
    findQuoteSpans(body);
    // Generous for a shared machine: a quadratic scan takes hours here.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(10);
  });
});

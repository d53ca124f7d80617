import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExplorerConfig } from './config';
import { curveConfigOf } from './curves';
import { snap } from '../core/dram/profile';
import { parseUrl, serializeUrl, SHOWN_CHARS } from './url';

describe('URL (de)serialization', () => {
  it('round-trips every field of a non-default configuration', () => {
    const config: ExplorerConfig = {
      modelId: 'vgg-fashion',
      format: 'int4',
      em: 2,
      weakFraction: 0.25,
      oneToZeroShare: 0.8,
      profileId: 'lpddr4-3200',
      platform: 'tpu',
      vddDelta: -0.35,
      trcdDelta: -4.5,
      target: 'weights',
      correction: 'clamp',
      targetDrop: 0.02,
      trials: 7,
      samples: 500,
      moduleSeed: 42,
      trialSeed: 4294967295,
      backend: 'wasm',
      mapping: 'coarse',
      partitions: 6,
      present: true,
      whyView: 'histogram',
      whyDataType: 'conv2/ofm',
    };
    const { config: back, messages } = parseUrl(serializeUrl(config));
    expect(messages).toEqual([]);
    expect(back).toEqual(config);
  });

  it('holds the Why panel’s tab and data type; the defaults stay out of the link', () => {
    const search = serializeUrl({
      ...DEFAULT_CONFIG,
      whyView: 'histogram',
      whyDataType: 'fc1/weights',
    });
    expect(search).toMatch(/&why=histogram&wdt=fc1%2Fweights$/);
    expect(parseUrl(search).config).toMatchObject({
      whyView: 'histogram',
      whyDataType: 'fc1/weights',
    });
    expect(serializeUrl(DEFAULT_CONFIG)).not.toMatch(/wdt=/);
    const bad = parseUrl('?why=colours&wdt=fc1');
    expect(bad.config).toMatchObject({ whyView: 'bits', whyDataType: '' });
    expect(bad.messages).toEqual([
      expect.stringMatching(/^Link value why="colours" is not valid .*; using bits\.$/),
      expect.stringMatching(
        /^Link value wdt="fc1" is not valid \(must be a data type id such as conv1\/weights\); using the default\.$/,
      ),
    ]);
  });

  it('says a fine map is not in the link (its numbers were a Map run’s, not the knobs’)', () => {
    const search = serializeUrl({ ...DEFAULT_CONFIG, vddDelta: -0.1, mapping: 'fine' });
    expect(search).toMatch(/map=fine/);
    const { config, messages } = parseUrl(search);
    expect(config).toMatchObject({ mapping: 'coarse', vddDelta: -0.1 });
    expect(messages).toEqual([
      expect.stringMatching(/^Link value map=fine: the fine map is a Map run/),
    ]);
  });

  it('gives the defaults for an empty query', () => {
    expect(parseUrl('')).toEqual({ config: DEFAULT_CONFIG, messages: [], curves: [] });
  });

  it('reads the issue example', () => {
    const { config, messages } = parseUrl(
      '?model=lenet5-mnist&format=int8&em=0&vdd=-0.25&trcd=-2.5&backend=webgl',
    );
    expect(messages).toEqual([]);
    expect(config).toMatchObject({
      format: 'int8',
      em: 0,
      vddDelta: -0.25,
      trcdDelta: -2.5,
      backend: 'webgl',
    });
  });

  it('falls back per field with a readable message for bad hand-edited values', () => {
    const { config, messages } = parseUrl(
      '?format=int3&em=7&vdd=banana&trials=0&backend=tpu&model=LeNet!&samples=1e9&wf=0&present=yes',
    );
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(messages).toHaveLength(9);
    expect(messages[0]).toMatch(/format="int3" is not valid .*; using int8\./);
    expect(messages.join('\n')).toMatch(/em="7"/);
    expect(messages.join('\n')).toMatch(/vdd="banana"/);
  });

  it('keeps good fields when others are bad', () => {
    const { config, messages } = parseUrl('?format=fp32&vdd=+0.3&trcd=-3');
    expect(config.format).toBe('fp32');
    expect(config.vddDelta).toBe(0);
    expect(config.trcdDelta).toBe(-3);
    expect(messages).toHaveLength(1);
  });

  it('snaps knob values to the 0.01 V / 0.25 ns knob grid with a message', () => {
    const { config, messages } = parseUrl('?vdd=-0.273&trcd=-2.2');
    expect(config.vddDelta).toBe(-0.27);
    expect(config.trcdDelta).toBe(-2.25);
    expect(messages).toEqual([
      'Link value vdd: -0.273 V is off the 0.01 V grid (nearest -0.28 or -0.27); using -0.27.',
      'Link value trcd: -2.2 ns is off the 0.25 ns grid (nearest -2.25 or -2); using -2.25.',
    ]);
    expect(parseUrl('?vdd=-0.07&trcd=-1.75').messages).toEqual([]);
    // The break-it example: the page snaps it with a note; `eden dram` refuses it (dram.test.ts).
    expect(parseUrl('?vdd=-0.123')).toMatchObject({
      config: { vddDelta: -0.12 },
      messages: [
        'Link value vdd: -0.123 V is off the 0.01 V grid (nearest -0.13 or -0.12); using -0.12.',
      ],
    });
    // Break-it pass: far beyond any profile is not a parse error; the loaded profile's range
    // clamps it with a message naming vdd (store.setKnobRange).
    expect(parseUrl('?vdd=-0.9&trcd=-50')).toMatchObject({
      config: { vddDelta: -0.9, trcdDelta: -50 },
      messages: [],
    });
  });

  // Break-it pass: vdd=0.2 read '(Too big: expected number to be <=0)', zod's own English.
  it('says what a bad number must be in plain words', () => {
    const said = (q: string) => parseUrl(q).messages[0];
    expect(said('?vdd=0.2')).toBe(
      'Link value vdd="0.2" is not valid (must be at most 0); using 0.',
    );
    expect(said('?trials=2.5')).toMatch(/\(must be a whole number\); using the model's default\.$/);
    expect(said('?samples=abc')).toMatch(/\(must be a number\)/);
    expect(said('?drop=0')).toMatch(/\(must be at least 0\.001\)/);
    expect(said('?wf=0')).toMatch(/\(must be above 0\)/);
  });

  // Break-it pass: ?profile=nosuch fell back to ddr3-eden after a 404, with no word of the key.
  it('an unknown profile falls back with a message naming profile and the value', () => {
    const { config, messages } = parseUrl('?profile=nosuch');
    expect(config.profileId).toBe('ddr3-eden');
    expect(messages).toEqual([
      'Link value profile="nosuch" is not valid (must be ddr3-eden, ddr4-2400 or lpddr4-3200; an imported profile lasts one session); using ddr3-eden.',
    ]);
  });

  it('reports unknown keys and empty values', () => {
    const { messages } = parseUrl('?foo=1&format=');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/Unknown link parameter "foo"/);
  });

  it('keys named like object built-ins are unknown keys, not a crash (issue #13 item 8)', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const { config, messages } = parseUrl(`?${key}=1&trials=4`);
      expect(messages).toEqual([`Unknown link parameter "${key}" ignored.`]);
      expect(config).toEqual({ ...DEFAULT_CONFIG, trials: 4 });
    }
  });

  it('a repeated key uses its last value and the notice names that value', () => {
    const bad = parseUrl('?samples=100&samples=abc');
    expect(bad.config.samples).toBe(DEFAULT_CONFIG.samples);
    expect(bad.messages).toEqual([
      'Link parameter samples appears 2 times; the last one counts.',
      expect.stringMatching(
        /^Link value samples="abc" is not valid .*; using the model's default\.$/,
      ),
    ]);
    const good = parseUrl('?samples=abc&samples=200');
    expect(good.config.samples).toBe(200);
    expect(good.messages).toHaveLength(1);
  });

  it('quotes at most SHOWN_CHARS characters of a long value or key', () => {
    const long = 'x'.repeat(10_000);
    const { messages } = parseUrl(`?samples=${long}&${long}=1&cmp=${long}`);
    expect(messages).toHaveLength(3);
    for (const m of messages) {
      expect(m.length).toBeLessThan(SHOWN_CHARS + 300);
      expect(m).toContain('… (10000 characters)');
    }
  });

  it('snap leaves no floating-point residue', () => {
    expect(snap(-0.15000000001, 0.05)).toBe(-0.15);
    expect(snap(-0.3, 0.05)).toBe(-0.3);
    expect(Object.is(snap(-0.01, 0.05), 0)).toBe(true);
  });

  it('carries pinned curves as their differing settings (cmp=, repeated), round trip', () => {
    const config = { ...DEFAULT_CONFIG, format: 'int8' as const, em: 0 as const };
    const curves = [
      { ...curveConfigOf(config), em: 1 as const, weakFraction: 0.2 },
      { ...curveConfigOf(config), format: 'fp32' as const },
      curveConfigOf(config), // the current curve itself: nothing to carry
    ];
    const search = serializeUrl(config, curves);
    expect(search).toMatch(/&cmp=em_1\*wf_0\.2&cmp=format_fp32$/);
    const parsed = parseUrl(search);
    expect(parsed.messages).toEqual([]);
    expect(parsed.curves).toEqual(curves.slice(0, 2));
  });

  it('ignores bad pinned curves with a message and keeps the good ones', () => {
    const { curves, messages } = parseUrl('?em=2&cmp=vdd_-0.2&cmp=format_int3&cmp=em_3');
    expect(curves).toHaveLength(1);
    expect(curves[0]).toMatchObject({ em: 3, format: 'int8' });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/cmp="vdd_-0.2" ignored: "vdd_-0.2" is not a curve setting/);
    expect(messages[1]).toMatch(/cmp="format_int3" ignored: format/);
  });

  // Break-it pass: a repeated cmp= was drawn once without a word (the CLI refuses a repeated --ber).
  it("says when a pinned curve repeats another or is the link's own curve", () => {
    const { curves, messages } = parseUrl('?em=2&cmp=em_1&cmp=em_1&cmp=em_2&cmp=em_3');
    expect(curves.map((c) => c.em)).toEqual([1, 3]);
    expect(messages).toEqual([
      'Link value cmp="em_1" ignored: that curve is pinned already.',
      'Link value cmp="em_2" ignored: it is the link\'s own curve.',
    ]);
  });
});

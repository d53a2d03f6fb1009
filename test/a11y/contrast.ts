/** WCAG 2.x contrast ratio, and a reader for the colours that views/assets/pulse.css declares. */

/** Relative luminance of a #rgb or #rrggbb colour. */
export function luminance(hex: string): number {
  let h = hex.replace('#', '').toLowerCase();
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  if (!/^[0-9a-f]{6}$/.test(h)) throw new Error(`not a hex colour: ${hex}`);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export interface Stylesheet {
  /** The value of `property` in the rule whose selector is exactly `selector`, with var(--x) resolved. */
  get(selector: string, property: string): string;
}

/** A very small CSS reader: enough for one flat stylesheet of `selector { prop: value; }` rules. */
export function readStylesheet(css: string): Stylesheet {
  const rules = new Map<string, Map<string, string>>();
  const flat = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@media[^{]*\{((?:[^{}]*\{[^}]*\})*)\s*\}/g, '');
  for (const m of flat.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    for (const selector of m[1].split(',').map((s) => s.trim())) {
      const decls = rules.get(selector) ?? new Map<string, string>();
      for (const d of m[2].split(';')) {
        const i = d.indexOf(':');
        if (i > 0) decls.set(d.slice(0, i).trim(), d.slice(i + 1).trim());
      }
      rules.set(selector, decls);
    }
  }
  const resolve = (value: string): string =>
    value.replace(/var\((--[\w-]+)\)/g, (_m, name: string) => {
      const v = rules.get(':root')?.get(name);
      if (v === undefined) throw new Error(`undefined CSS variable ${name}`);
      return resolve(v);
    });
  return {
    get(selector, property) {
      const v = rules.get(selector)?.get(property);
      if (v === undefined) throw new Error(`pulse.css has no ${property} in "${selector}"`);
      const colour = /#[0-9a-fA-F]{3,6}\b/.exec(resolve(v));
      if (!colour) throw new Error(`${selector} { ${property} } is not a hex colour: ${v}`);
      return colour[0];
    },
  };
}

/**
 * The Handlebars view engine: pages in views/pages, layouts in views/layouts, partials in views/partials.
 * `{{t "key"}}` translates into the request's locale (`{{tn "key" count}}` for a text with a count); `{{{ }}}` is not used in views (escaping stays on).
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatDate, formatDateTime, formatNumber, formatPercent, t, tn, toLocale, translateMessage } from '../i18n/i18n';
import { ROOT_DIR } from '../paths';

export const VIEWS_DIR = path.join(ROOT_DIR, 'views');

type Root = { locale?: string; timeZone?: string };

export function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  const rootOf = (options: Handlebars.HelperOptions): Root => (options.data?.root ?? {}) as Root;
  hbs.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
    return t(toLocale(rootOf(options).locale), key, options.hash as Record<string, unknown>);
  });
  // {{tn "key" n}}: a text with a count, in the plural form the reader's language uses for n.
  hbs.registerHelper('tn', function (key: string, count: unknown, options: Handlebars.HelperOptions) {
    return tn(toLocale(rootOf(options).locale), key, Number(count), options.hash as Record<string, unknown>);
  });
  hbs.registerHelper('tm', (message: unknown, options: Handlebars.HelperOptions) =>
    typeof message === 'string' ? translateMessage(toLocale(rootOf(options).locale), message) : '',
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hbs.registerHelper('startsWith', (s: unknown, prefix: unknown) => typeof s === 'string' && typeof prefix === 'string' && s.startsWith(prefix));
  hbs.registerHelper('isNumber', (n: unknown) => typeof n === 'number' && Number.isFinite(n));
  hbs.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
  hbs.registerHelper('date', (d: Date | string | null | undefined, options: Handlebars.HelperOptions) =>
    d ? formatDate(toLocale(rootOf(options).locale), new Date(d), rootOf(options).timeZone) : '',
  );
  hbs.registerHelper('datetime', (d: Date | string | null | undefined, options: Handlebars.HelperOptions) =>
    d ? formatDateTime(toLocale(rootOf(options).locale), new Date(d), rootOf(options).timeZone) : '',
  );
  hbs.registerHelper('number', (n: number, options: Handlebars.HelperOptions) =>
    typeof n === 'number' ? formatNumber(toLocale(rootOf(options).locale), n) : '',
  );
  hbs.registerHelper('percent', (n: number, options: Handlebars.HelperOptions) =>
    typeof n === 'number' ? formatPercent(toLocale(rootOf(options).locale), n) : '',
  );
  const partialsDir = path.join(VIEWS_DIR, 'partials');
  if (fs.existsSync(partialsDir)) {
    for (const file of fs.readdirSync(partialsDir)) {
      if (file.endsWith('.hbs')) hbs.registerPartial(file.replace(/\.hbs$/, ''), fs.readFileSync(path.join(partialsDir, file), 'utf8'));
    }
  }
  return hbs;
}

/** Compiles and caches templates; `render('pages/home', locals)` wraps the page in its layout. */
export class ViewRenderer {
  private readonly hbs = createHandlebars();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly cacheTemplates = true) {}

  template(name: string): Handlebars.TemplateDelegate {
    const hit = this.cacheTemplates ? this.cache.get(name) : undefined;
    if (hit) return hit;
    // Plain-text email parts are not HTML: no escaping there.
    const noEscape = name.endsWith('.text');
    const compiled = this.hbs.compile(fs.readFileSync(path.join(VIEWS_DIR, `${name}.hbs`), 'utf8'), { noEscape });
    this.cache.set(name, compiled);
    return compiled;
  }

  /** Renders a page inside `layout` (default layouts/main); the page's HTML is passed to the layout as `body`. */
  render(name: string, locals: Record<string, unknown>, layout: string | false = 'layouts/main'): string {
    const body = this.template(name)(locals);
    if (!layout) return body;
    return this.template(layout)({ ...locals, body: new Handlebars.SafeString(body) });
  }
}

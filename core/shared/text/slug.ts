/** A lower-case ASCII key from a label: "Den Haag Zuidwest" → "den-haag-zuidwest". */
export function slugify(label: string, fallback = 'item'): string {
  const slug = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}

/**
 * The file name a new project gets from its name: "Regio Deal Zeeland" → "regio-deal-zeeland.casus".
 * The renderer shows it before the project is made, and the server builds the same; a slug has
 * no separators, no dots and no "..", so it can name nothing outside its folder.
 */
export function projectFileName(name: string): string {
  return `${slugify(name, 'project').slice(0, 80).replace(/-+$/, '')}.casus`;
}

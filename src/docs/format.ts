import * as prettier from "prettier";

/** A Markdown page as Prettier formats it (what `npm run lint` checks), with the project's config. */
export async function formatMarkdown(text: string, file: string): Promise<string> {
  const options = await prettier.resolveConfig(file);
  return prettier.format(text, { ...options, filepath: file });
}

import * as prettier from 'prettier';

/**
 * Formats generated code with the project's Prettier config when it has one (so generated tests look
 * like the user's), otherwise with assay's defaults.
 */
export async function formatCode(code: string, filePath: string): Promise<string> {
  const projectConfig = await prettier.resolveConfig(filePath).catch(() => null);
  return prettier.format(code, {
    singleQuote: true,
    printWidth: 100,
    ...(projectConfig ?? {}),
    filepath: filePath,
    parser: 'typescript',
  });
}

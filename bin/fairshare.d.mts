/** Whether dist/ under `root` (the package root, by default this one) is newer than every source (bin/fairshare.mjs). */
export function distIsFresh(root?: string): boolean;

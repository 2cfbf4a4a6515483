/**
 * The `expr:<formula in x>` participation family (MODEL §5, A2): a formula parsed and compiled once with
 * mathjs, whose evaluations are refused unless they are real numbers in [0, 1].
 *
 * mathjs is loaded on the first formula, not with this module: it takes most of a second to load, and
 * every importer of theory/participation.ts (e.g. `fairshare horizon --rho linear:0.5`) would pay for it.
 */
import { createRequire } from "node:module";
import type { MathNode, SymbolNode } from "mathjs";
import { ParticipationError } from "./participationError.js";

let mathjs: typeof import("mathjs") | undefined;

/** mathjs's `parse`, loading mathjs (synchronously, its CommonJS build) the first time. */
function parse(formula: string): MathNode {
  mathjs ??= createRequire(import.meta.url)("mathjs") as typeof import("mathjs");
  return mathjs.parse(formula);
}

/** Named constants a formula may use besides `x`. */
const CONSTANTS = new Set(["pi", "PI", "e", "E", "tau", "phi"]);
/** Node types that would define or assign instead of computing a number of `x`. */
const FORBIDDEN_NODES = new Set(["AssignmentNode", "FunctionAssignmentNode", "BlockNode"]);

function isSymbol(node: MathNode): node is SymbolNode {
  return node.type === "SymbolNode";
}

/** Symbols used as values, not as the names of called functions (e.g. `sqrt` in `sqrt(x)`). */
function variablesOf(node: MathNode): string[] {
  const names: string[] = [];
  node.traverse((child, path, parent) => {
    if (FORBIDDEN_NODES.has(child.type)) throw new Error(`${child.type} is not allowed`);
    const isCallee = parent !== null && parent !== undefined && parent.type === "FunctionNode" && path === "fn";
    if (isSymbol(child) && !isCallee) names.push(child.name);
  });
  return names;
}

/**
 * Compiled `ρ` of an `expr` spec.
 *
 * - Only `x` and the constants pi, e, tau, phi may appear as values; any mathjs function may be called.
 * - Each evaluation must return a finite real number in [0, 1]; a complex, boolean, matrix or NaN result,
 *   or an error inside mathjs, throws a ParticipationError naming the spec and the point.
 *
 * Cost: O(formula size) to parse and compile, then about a microsecond per evaluation.
 *
 * @example compileFormula("expr:x^2", "x^2")(0.5) // => 0.25
 * @throws ParticipationError when the formula is empty, does not parse, assigns, or uses a variable
 *   other than x.
 */
export function compileFormula(spec: string, formula: string): (x: number) => number {
  if (formula.trim() === "") throw new ParticipationError(`rho "${spec}": empty formula (expected expr:<formula in x>)`);
  let node: MathNode;
  try {
    node = parse(formula);
  } catch (error) {
    throw new ParticipationError(`rho "${spec}": formula does not parse: ${(error as Error).message}`);
  }
  let names: string[];
  try {
    names = variablesOf(node);
  } catch (error) {
    throw new ParticipationError(`rho "${spec}": ${(error as Error).message} (expected a formula in x)`);
  }
  const unknown = names.filter((name) => name !== "x" && !CONSTANTS.has(name));
  if (unknown.length > 0) {
    throw new ParticipationError(`rho "${spec}": unknown variable "${unknown[0]}" (only x is allowed)`);
  }
  const compiled = node.compile();
  return (x: number): number => {
    let value: unknown;
    try {
      value = compiled.evaluate({ x });
    } catch (error) {
      throw new ParticipationError(`rho "${spec}": evaluation failed at x = ${x}: ${(error as Error).message}`);
    }
    if (typeof value !== "number" || Number.isNaN(value)) {
      throw new ParticipationError(`rho "${spec}": rho(${x}) = ${String(value)} is not a real number`);
    }
    if (!(value >= 0 && value <= 1)) throw new ParticipationError(`rho "${spec}": rho(${x}) = ${value} is outside [0, 1]`);
    return value;
  };
}

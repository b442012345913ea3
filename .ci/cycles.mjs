#!/usr/bin/env node
// Import cycles in src/, type imports included: lower modules must not import
// upper ones, not even for a type (docs/decisions/0004-lint-and-cycles.md).
//
//   node .ci/cycles.mjs [dir]   (default src) prints one cycle per strongly
//                               connected component; exits 1 if there is one
//
// Every module reference is an edge: `import` and `import type`,
// `export … from`, `import x = require()`, a dynamic `import()`, and a type
// query such as `typeof import('./x.js')`. A dynamic import from an upper
// module of a lower one is fine; one that closes a cycle is still a cycle.
// Specifiers are resolved as TypeScript's bundler resolution does for our
// sources: './x.js' → './x.ts', './x' → './x.ts' or './x/index.ts'. Bare
// specifiers (packages, node:…) are not part of the graph.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

/**
 * The module references of one source file.
 * @param {string} fileName
 * @param {string} text
 * @returns {{ specifier: string, line: number, kind: string }[]}
 */
export function moduleReferences(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found = []
  const add = (literal, kind) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return
    const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1
    found.push({ specifier: literal.text, line, kind })
  }
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly ? 'import type' : 'import')
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly ? 'export type' : 'export')
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, 'import =')
    } else if (ts.isImportTypeNode(node)) {
      // `import('./x.js').T`, `typeof import('./x.js')`
      const argument = node.argument
      if (ts.isLiteralTypeNode(argument)) add(argument.literal, 'type import()')
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments
      if (argument && ts.isStringLiteralLike(argument)) add(argument, 'import()')
      else {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
        console.warn(`${fileName}:${line + 1}: import() of a computed specifier, not in the graph`)
      }
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      add(node.name, 'declare module') // augmentation of another module
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** The file a relative specifier names, or undefined (bare specifier, or no such file). */
export function resolveSpecifier(fromFile, specifier, exists = existsSync) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined
  const base = resolve(dirname(fromFile), specifier)
  const candidates = [base]
  const extension = /\.(m|c)?jsx?$/.exec(base)
  if (extension) {
    const stem = base.slice(0, -extension[0].length)
    const m = extension[1] ?? ''
    candidates.push(`${stem}.${m}ts`, `${stem}.${m}tsx`, `${stem}.d.${m}ts`)
  }
  candidates.push(`${base}.ts`, `${base}.tsx`, `${base}.d.ts`, join(base, 'index.ts'), join(base, 'index.tsx'))
  return candidates.find((candidate) => /\.[mc]?tsx?$/.test(candidate) && exists(candidate))
}

/**
 * The strongly connected components that hold a cycle (more than one module,
 * or a module that imports itself), each with its shortest cycle.
 * @param {Map<string, Iterable<string>>} graph module → the modules it references
 * @returns {{ modules: string[], cycle: string[] }[]} `cycle` starts and ends with the same module
 */
export function findCycles(graph) {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((targets) => [...targets])])].sort()
  const adjacency = new Map(nodes.map((node) => [node, [...new Set(graph.get(node) ?? [])].sort()]))
  const next = (node) => adjacency.get(node)
  // Tarjan's algorithm, iterative so that a deep chain cannot overflow the stack.
  const index = new Map()
  const low = new Map()
  const stack = []
  const onStack = new Set()
  const components = []
  let counter = 0
  for (const root of nodes) {
    if (index.has(root)) continue
    const work = [{ node: root, targets: next(root), at: 0 }]
    index.set(root, counter)
    low.set(root, counter++)
    stack.push(root)
    onStack.add(root)
    while (work.length > 0) {
      const frame = work[work.length - 1]
      if (frame.at < frame.targets.length) {
        const target = frame.targets[frame.at++]
        if (!index.has(target)) {
          index.set(target, counter)
          low.set(target, counter++)
          stack.push(target)
          onStack.add(target)
          work.push({ node: target, targets: next(target), at: 0 })
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.node, Math.min(low.get(parent.node), low.get(frame.node)))
      if (low.get(frame.node) !== index.get(frame.node)) continue
      const component = []
      let member
      do {
        member = stack.pop()
        onStack.delete(member)
        component.push(member)
      } while (member !== frame.node)
      components.push(component.sort())
    }
  }
  const cycles = []
  for (const modules of components) {
    const inside = new Set(modules)
    const selfImport = modules.length === 1 && next(modules[0]).includes(modules[0])
    if (modules.length === 1 && !selfImport) continue
    // The shortest cycle of the component: a breadth-first search from each
    // member back to itself, staying inside; ties go to the first in order.
    let best
    for (const start of modules) {
      const previous = new Map()
      const queue = [start]
      let found = false
      for (let i = 0; i < queue.length && !found; i++) {
        for (const target of next(queue[i])) {
          if (!inside.has(target)) continue
          if (target === start) {
            previous.set(start, queue[i])
            found = true
            break
          }
          if (previous.has(target)) continue
          previous.set(target, queue[i])
          queue.push(target)
        }
      }
      const cycle = [start] // walked backwards, then reversed
      for (let at = previous.get(start); at !== start; at = previous.get(at)) cycle.push(at)
      cycle.push(start)
      cycle.reverse()
      if (!best || cycle.length < best.length) best = cycle
    }
    cycles.push({ modules, cycle: best })
  }
  return cycles.sort((a, b) => (a.modules[0] < b.modules[0] ? -1 : 1))
}

/** Every .ts file under `dir`. */
function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((file) => /\.[mc]?tsx?$/.test(file) && statSync(file).isFile())
    .sort()
}

/**
 * The module graph of the files under `dir`, and where each edge comes from.
 * @returns {{ graph: Map<string, Set<string>>, edges: Map<string, { line: number, kind: string }[]> }}
 */
export function moduleGraph(dir) {
  const graph = new Map()
  const edges = new Map() // `${from}\0${to}` → the references that make the edge
  const files = sourceFiles(resolve(dir))
  const inGraph = new Set(files)
  for (const file of files) {
    graph.set(file, new Set())
    for (const reference of moduleReferences(file, readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(file, reference.specifier)
      if (target === undefined) {
        if (reference.specifier.startsWith('.')) console.warn(`${file}:${reference.line}: cannot resolve '${reference.specifier}'`)
        continue
      }
      if (!inGraph.has(target)) continue
      graph.get(file).add(target)
      const key = `${file}\0${target}`
      if (!edges.has(key)) edges.set(key, [])
      edges.get(key).push({ line: reference.line, kind: reference.kind })
    }
  }
  return { graph, edges }
}

function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const dir = resolve(process.cwd(), process.argv[2] ?? join(root, 'src'))
  const { graph, edges } = moduleGraph(dir)
  const show = (file) => relative(process.cwd(), file)
  const cycles = findCycles(graph)
  if (cycles.length === 0) {
    console.log(`no import cycles among the ${graph.size} modules of ${show(dir)}/`)
    return 0
  }
  console.log(`${cycles.length} import cycle${cycles.length === 1 ? '' : 's'} among the ${graph.size} modules of ${show(dir)}/ (type imports included):`)
  cycles.forEach(({ modules, cycle }, n) => {
    console.log(`\n${n + 1}. ${modules.length} module${modules.length === 1 ? '' : 's'} in the cycle: ${modules.map(show).join(', ')}`)
    console.log(`   ${cycle.map(show).join(' → ')}`)
    for (let i = 0; i + 1 < cycle.length; i++) {
      const how = edges.get(`${cycle[i]}\0${cycle[i + 1]}`).map((edge) => `${show(cycle[i])}:${edge.line} ${edge.kind}`)
      console.log(`     ${how.join(', ')} → ${show(cycle[i + 1])}`)
    }
  })
  return 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main()

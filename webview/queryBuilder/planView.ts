/**
 * A readable view of an EXPLAIN result: JSON plans as a collapsible tree of nodes (with cost,
 * rows and, under ANALYZE, actual time), text plans as preformatted text. Text only.
 */
import { h } from '../shared/dom';
import { l10n } from '../shared/l10n';

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/** One-line summary of a plan node, like EXPLAIN's text format. */
export function planNodeSummary(node: PlanNode): string {
  const type = String(node['Node Type'] ?? 'Node');
  const parts: string[] = [type];
  if (node['Join Type']) parts[0] = `${String(node['Join Type'])} ${type}`;
  if (node['Relation Name']) parts.push(`on ${String(node['Relation Name'])}${node['Alias'] && node['Alias'] !== node['Relation Name'] ? ` ${String(node['Alias'])}` : ''}`);
  if (node['Index Name']) parts.push(`using ${String(node['Index Name'])}`);
  if (node['Startup Cost'] !== undefined) {
    parts.push(`(cost=${String(node['Startup Cost'])}..${String(node['Total Cost'])} rows=${String(node['Plan Rows'])} width=${String(node['Plan Width'])})`);
  }
  if (node['Actual Total Time'] !== undefined) {
    parts.push(`(actual time=${String(node['Actual Startup Time'])}..${String(node['Actual Total Time'])} rows=${String(node['Actual Rows'])} loops=${String(node['Actual Loops'])})`);
  }
  return parts.join(' ');
}

const SUMMARY_KEYS = new Set([
  'Node Type', 'Join Type', 'Relation Name', 'Alias', 'Index Name', 'Startup Cost', 'Total Cost', 'Plan Rows', 'Plan Width',
  'Actual Startup Time', 'Actual Total Time', 'Actual Rows', 'Actual Loops', 'Plans',
]);

function renderNode(node: PlanNode, depth: number): HTMLElement {
  const details = h('details', { class: 'plan-node', open: depth < 6 });
  details.appendChild(h('summary', {}, planNodeSummary(node)));
  const props = h('dl', { class: 'plan-props' });
  for (const [k, v] of Object.entries(node)) {
    if (SUMMARY_KEYS.has(k)) continue;
    props.append(h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)));
  }
  if (props.childElementCount) details.appendChild(props);
  for (const child of node.Plans ?? []) details.appendChild(renderNode(child, depth + 1));
  return details;
}

/** Renders a JSON plan (`[{Plan, Planning Time, …}]`) or falls back to its text. */
export function renderJsonPlan(text: string): HTMLElement {
  const root = h('section', { class: 'plan', 'aria-label': l10n.t('Explain plan'), id: 'explain-view', 'data-testid': 'explain-view' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    root.appendChild(h('pre', { class: 'plan-text' }, text));
    return root;
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object' || !('Plan' in entry)) {
      root.appendChild(h('pre', { class: 'plan-text' }, JSON.stringify(entry, null, 2)));
      continue;
    }
    const e = entry as Record<string, unknown>;
    root.appendChild(renderNode(e.Plan as PlanNode, 0));
    const footer = h('dl', { class: 'plan-props plan-footer' });
    for (const [k, v] of Object.entries(e)) {
      if (k === 'Plan') continue;
      footer.append(h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)));
    }
    if (footer.childElementCount) root.appendChild(footer);
  }
  return root;
}

export function renderTextPlan(text: string): HTMLElement {
  return h('section', { class: 'plan', 'aria-label': l10n.t('Explain plan'), id: 'explain-view', 'data-testid': 'explain-view' }, h('pre', { class: 'plan-text' }, text));
}

/**
 * Nodes of the Tables view: plain data with stable ids, no clients and no cache flags.
 * Pure (no vscode); `render.ts` turns a node into a TreeItem description.
 */
import type { KeyRole } from '../connections/keys';
import type { ColumnModel, FunctionModel, ParamModel, RelationModel } from './schemaModel';

export interface ConnectionNode {
  kind: 'connection';
  connectionId: string;
  name: string;
  url: string;
  /** Roles of the stored keys. */
  roles: KeyRole[];
  readOnly: boolean;
  active: boolean;
  /** The role queries run as by default. */
  runAs: KeyRole;
}

export interface SchemaNode {
  kind: 'schema';
  connectionId: string;
  schema: string;
}

export interface RelationNode {
  kind: 'relation';
  connectionId: string;
  schema: string;
  relation: RelationModel;
  /** The connection is read-only (no insert action). */
  readOnly: boolean;
}

export interface ColumnNode {
  kind: 'column';
  connectionId: string;
  schema: string;
  relationName: string;
  column: ColumnModel;
}

export interface FunctionsNode {
  kind: 'functions';
  connectionId: string;
  schema: string;
  count: number;
}

export interface FunctionNode {
  kind: 'function';
  connectionId: string;
  schema: string;
  fn: FunctionModel;
  readOnly: boolean;
}

export interface ParamNode {
  kind: 'param';
  connectionId: string;
  schema: string;
  functionName: string;
  param: ParamModel;
}

export type MessageTone = 'info' | 'empty' | 'warning' | 'error' | 'locked';

/** An explanation in place of children: an error, an empty result, a hint. */
export interface MessageNode {
  kind: 'message';
  /** Id of the node whose children this replaces. */
  parentId: string;
  /** Distinguishes several messages under one parent. */
  key: string;
  connectionId?: string;
  tone: MessageTone;
  text: string;
  /** Longer text for the tooltip (server details, hint). */
  detail?: string;
  /** A retry action refreshes the parent. */
  retry?: boolean;
  /** A command run when the item is clicked. */
  action?: { command: string; title: string; args?: unknown[] };
}

export type TablesNode =
  | ConnectionNode
  | SchemaNode
  | RelationNode
  | ColumnNode
  | FunctionsNode
  | FunctionNode
  | ParamNode
  | MessageNode;

const enc = (part: string) => encodeURIComponent(part);

export function connectionId(connection: string): string {
  return `c/${enc(connection)}`;
}

export function schemaId(connection: string, schema: string): string {
  return `${connectionId(connection)}/s/${enc(schema)}`;
}

export function relationId(connection: string, schema: string, relation: string): string {
  return `${schemaId(connection, schema)}/r/${enc(relation)}`;
}

export function functionsId(connection: string, schema: string): string {
  return `${schemaId(connection, schema)}/fns`;
}

export function functionId(connection: string, schema: string, fn: string): string {
  return `${functionsId(connection, schema)}/f/${enc(fn)}`;
}

/** The stable id of a node: same data, same id, across refreshes and sessions. */
export function nodeId(node: TablesNode): string {
  switch (node.kind) {
    case 'connection':
      return connectionId(node.connectionId);
    case 'schema':
      return schemaId(node.connectionId, node.schema);
    case 'relation':
      return relationId(node.connectionId, node.schema, node.relation.name);
    case 'column':
      return `${relationId(node.connectionId, node.schema, node.relationName)}/col/${enc(node.column.name)}`;
    case 'functions':
      return functionsId(node.connectionId, node.schema);
    case 'function':
      return functionId(node.connectionId, node.schema, node.fn.name);
    case 'param':
      return `${functionId(node.connectionId, node.schema, node.functionName)}/p/${enc(node.param.name)}`;
    case 'message':
      return `${node.parentId}/msg/${enc(node.key)}`;
  }
}

/** The id of the node's parent, or undefined for a root (connection). */
export function parentIdOf(node: TablesNode): string | undefined {
  switch (node.kind) {
    case 'connection':
      return undefined;
    case 'schema':
      return connectionId(node.connectionId);
    case 'relation':
      return schemaId(node.connectionId, node.schema);
    case 'column':
      return relationId(node.connectionId, node.schema, node.relationName);
    case 'functions':
      return schemaId(node.connectionId, node.schema);
    case 'function':
      return functionsId(node.connectionId, node.schema);
    case 'param':
      return functionId(node.connectionId, node.schema, node.functionName);
    case 'message':
      return node.parentId === '' ? undefined : node.parentId;
  }
}

/** `schema.name`, or just `name` in `public`. */
export function qualifiedName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

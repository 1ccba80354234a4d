/**
 * Modifier groups of a merchant (e.g. "Milk": required, at most one) and their modifiers (e.g. "Oat",
 * +0.50). Deactivated, never deleted: sale lines keep the modifiers they were sold with.
 */
import type { Selectable } from 'kysely';
import type { ModifierGroupsTable, ModifiersTable, Queryable } from '../schema.ts';

export interface Modifier {
  id: string;
  groupId: string;
  name: string;
  priceDeltaMinor: number;
  sortOrder: number;
  active: boolean;
}

export interface ModifierGroup {
  id: string;
  accountId: string;
  name: string;
  minSelected: number;
  maxSelected: number | null;
  sortOrder: number;
  active: boolean;
  /** Inactive ones too, in display order. */
  modifiers: Modifier[];
}

export type ModifierGroupFields = Pick<
  ModifierGroup,
  'name' | 'minSelected' | 'maxSelected' | 'sortOrder' | 'active'
>;
export type ModifierFields = Pick<Modifier, 'name' | 'priceDeltaMinor' | 'sortOrder' | 'active'>;

export interface ModifiersRepo {
  insertGroup(group: ModifierGroupFields & { id: string; accountId: string }, nowMs: number): Promise<void>;
  updateGroup(id: string, fields: ModifierGroupFields, nowMs: number): Promise<void>;
  insertModifier(modifier: ModifierFields & { id: string; groupId: string }, nowMs: number): Promise<void>;
  updateModifier(id: string, fields: ModifierFields, nowMs: number): Promise<void>;
  findGroup(id: string): Promise<ModifierGroup | undefined>;
  /** The account's groups with their modifiers, inactive ones too, in display order. */
  listByAccount(accountId: string): Promise<ModifierGroup[]>;
}

function toModifier(row: Selectable<ModifiersTable>): Modifier {
  return {
    id: row.id,
    groupId: row.group_id,
    name: row.name,
    priceDeltaMinor: row.price_delta_minor,
    sortOrder: row.sort_order,
    active: row.active === 1,
  };
}

function toGroup(row: Selectable<ModifierGroupsTable>, modifiers: Modifier[]): ModifierGroup {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    minSelected: row.min_selected,
    maxSelected: row.max_selected,
    sortOrder: row.sort_order,
    active: row.active === 1,
    modifiers,
  };
}

export function createModifiersRepo(db: Queryable): ModifiersRepo {
  const modifiersOf = async (groupIds: readonly string[]): Promise<Map<string, Modifier[]>> => {
    const result = new Map<string, Modifier[]>();
    if (groupIds.length === 0) return result;
    const rows = await db
      .selectFrom('modifiers')
      .selectAll()
      .where('group_id', 'in', groupIds)
      .orderBy('group_id')
      .orderBy('sort_order')
      .orderBy('name')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const list = result.get(row.group_id);
      if (list) list.push(toModifier(row));
      else result.set(row.group_id, [toModifier(row)]);
    }
    return result;
  };
  return {
    async insertGroup(group, nowMs) {
      await db
        .insertInto('modifier_groups')
        .values({
          id: group.id,
          account_id: group.accountId,
          name: group.name,
          min_selected: group.minSelected,
          max_selected: group.maxSelected,
          sort_order: group.sortOrder,
          active: group.active ? 1 : 0,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .execute();
    },
    async updateGroup(id, fields, nowMs) {
      await db
        .updateTable('modifier_groups')
        .set({
          name: fields.name,
          min_selected: fields.minSelected,
          max_selected: fields.maxSelected,
          sort_order: fields.sortOrder,
          active: fields.active ? 1 : 0,
          updated_at_ms: nowMs,
        })
        .where('id', '=', id)
        .execute();
    },
    async insertModifier(modifier, nowMs) {
      await db
        .insertInto('modifiers')
        .values({
          id: modifier.id,
          group_id: modifier.groupId,
          name: modifier.name,
          price_delta_minor: modifier.priceDeltaMinor,
          sort_order: modifier.sortOrder,
          active: modifier.active ? 1 : 0,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .execute();
    },
    async updateModifier(id, fields, nowMs) {
      await db
        .updateTable('modifiers')
        .set({
          name: fields.name,
          price_delta_minor: fields.priceDeltaMinor,
          sort_order: fields.sortOrder,
          active: fields.active ? 1 : 0,
          updated_at_ms: nowMs,
        })
        .where('id', '=', id)
        .execute();
    },
    async findGroup(id) {
      const row = await db.selectFrom('modifier_groups').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return toGroup(row, (await modifiersOf([row.id])).get(row.id) ?? []);
    },
    async listByAccount(accountId) {
      const rows = await db
        .selectFrom('modifier_groups')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('sort_order')
        .orderBy('name')
        .orderBy('id')
        .execute();
      const modifiers = await modifiersOf(rows.map((row) => row.id));
      return rows.map((row) => toGroup(row, modifiers.get(row.id) ?? []));
    },
  };
}

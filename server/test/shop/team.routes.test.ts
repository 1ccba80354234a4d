// The merchant's team: the owner and managers (for their locations) add, change and deactivate staff; a new
// PIN, role or deactivation ends the person's sessions; roles carry permissions the owner sets, and a staff
// role given `reports` opens the reports.
import type { TeamMember, TeamResponse } from '@countertop/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../checkout/support.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildLocation, buildStaff } from '../support/factories.ts';
import { asOwner, type Shop, setUpShop } from './support.ts';

let ctx: TestContext;
let shop: Shop;

beforeAll(async () => {
  ctx = await createTestContext();
  shop = await setUpShop(ctx);
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

type ErrorBody = { error: { code: string; message: string } };

describe('the team', () => {
  it('lists staff with what the viewer may change, the roles and what each permission does', async () => {
    const team = await asOwner<TeamResponse>(ctx, shop.owner, 'GET', '/api/merchant/team');
    expect(team.status).toBe(200);
    expect(team.body.canEditRoles).toBe(true);
    expect(team.body.roles).toEqual([
      { role: 'manager', permissions: ['discounts', 'refunds', 'cash_drawer', 'reports'] },
      { role: 'staff', permissions: ['cash_drawer'] },
    ]);
    expect(team.body.permissions.map((entry) => entry.permission)).toEqual([
      'discounts',
      'refunds',
      'cash_drawer',
      'reports',
    ]);
    const byManager = await api<TeamResponse>(ctx, shop.managerSignIn, 'GET', '/api/merchant/team');
    const self = byManager.body.staff.find((member) => member.id === shop.manager.id);
    const staff = byManager.body.staff.find((member) => member.id === shop.staff.id);
    expect([self?.canEdit, staff?.canEdit]).toEqual([false, true]);
    expect(byManager.body.canEditRoles).toBe(false);
  });

  it('lets a manager add staff at their own locations, but not make a manager or give another location', async () => {
    const added = await api<{ member: TeamMember }>(ctx, shop.managerSignIn, 'POST', '/api/merchant/team', {
      displayName: 'Nico',
      role: 'staff',
      pin: '2468',
      locationIds: [shop.location.id],
    });
    expect(added.status).toBe(201);
    expect(added.body.member).toMatchObject({
      displayName: 'Nico',
      role: 'staff',
      active: true,
      canEdit: true,
    });
    const signedIn = await ctx.signIn(shop.register.code, added.body.member.id, '2468');
    expect(signedIn.session.staff.permissions).toEqual(['cash_drawer']);
    const promote = await api<ErrorBody>(ctx, shop.managerSignIn, 'POST', '/api/merchant/team', {
      displayName: 'Boss',
      role: 'manager',
      pin: '2468',
      locationIds: [shop.location.id],
    });
    expect(promote.status).toBe(403);
    const elsewhere = await buildLocation(ctx, shop.account, { name: 'Far away' });
    const farAway = await api(ctx, shop.managerSignIn, 'POST', '/api/merchant/team', {
      displayName: 'Remote',
      role: 'staff',
      pin: '2468',
      locationIds: [elsewhere.id],
    });
    expect(farAway.status).toBe(400);
    const otherManager = await buildStaff(ctx, shop.account, [shop.location], { role: 'manager' });
    const touchManager = await api(
      ctx,
      shop.managerSignIn,
      'PATCH',
      `/api/merchant/team/${otherManager.id}`,
      {
        displayName: 'Renamed',
      },
    );
    expect(touchManager.status).toBe(403);
  });

  it('ends sessions on a new PIN, a new role or deactivation — not on a rename', async () => {
    const member = await buildStaff(ctx, shop.account, [shop.location], { pin: '1357' });
    let session = await ctx.signIn(shop.register.code, member.id, '1357');
    const still = async () => (await api(ctx, session, 'GET', '/api/counter/session')).status;
    await asOwner(ctx, shop.owner, 'PATCH', `/api/merchant/team/${member.id}`, { displayName: 'Renamed' });
    expect(await still()).toBe(200);
    const newPin = await asOwner<{ member: TeamMember }>(
      ctx,
      shop.owner,
      'PATCH',
      `/api/merchant/team/${member.id}`,
      { pin: '8642' },
    );
    expect(newPin.status).toBe(200);
    expect(await still()).toBe(401);
    session = await ctx.signIn(shop.register.code, member.id, '8642');
    await asOwner(ctx, shop.owner, 'PATCH', `/api/merchant/team/${member.id}`, { role: 'manager' });
    expect(await still()).toBe(401);
    session = await ctx.signIn(shop.register.code, member.id, '8642');
    expect(session.session.staff.role).toBe('manager');
    await asOwner(ctx, shop.owner, 'PATCH', `/api/merchant/team/${member.id}`, { active: false });
    expect(await still()).toBe(401);
    const audit = await ctx.repos.audit.list({ accountId: shop.account.id, limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'team.member_updated', details: { sessionsEnded: 1 } });
  });

  it("keeps other merchants' staff out of reach", async () => {
    const other = await setUpShop(ctx);
    const theirs = await asOwner(ctx, other.owner, 'PATCH', `/api/merchant/team/${shop.staff.id}`, {
      active: false,
    });
    expect(theirs.status).toBe(404);
  });
});

describe('role permissions', () => {
  it('are the owner’s to set, and a staff role with reports opens the reports', async () => {
    const other = await setUpShop(ctx);
    const byManager = await api(ctx, other.managerSignIn, 'PUT', '/api/merchant/team/roles/staff', {
      permissions: ['reports'],
    });
    expect(byManager.status).toBe(401); // a counter session is not the owner's console session
    const before = await api(ctx, other.signIn, 'GET', '/api/merchant/summary/daily');
    expect(before.status).toBe(403);
    const set = await asOwner(ctx, other.owner, 'PUT', '/api/merchant/team/roles/staff', {
      permissions: ['reports', 'cash_drawer'],
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ role: { role: 'staff', permissions: ['reports', 'cash_drawer'] } });
    const after = await api(ctx, other.signIn, 'GET', '/api/merchant/summary/daily');
    expect(after.status).toBe(200);
    // Reports, yet not the catalog or the team.
    const library = await api(ctx, other.signIn, 'POST', '/api/merchant/catalog/categories', {
      name: 'Nope',
    });
    expect(library.status).toBe(403);
    const team = await api(ctx, other.signIn, 'GET', '/api/merchant/team');
    expect(team.status).toBe(403);
    // A manager whose role loses reports keeps the catalog but not the reports.
    await asOwner(ctx, other.owner, 'PUT', '/api/merchant/team/roles/manager', { permissions: ['refunds'] });
    const managerReports = await api(ctx, other.managerSignIn, 'GET', '/api/merchant/summary/daily');
    expect(managerReports.status).toBe(403);
    const managerCatalog = await api(ctx, other.managerSignIn, 'GET', '/api/merchant/catalog');
    expect(managerCatalog.status).toBe(200);
  });
});

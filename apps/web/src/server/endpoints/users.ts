import { listInvitations, listUsers, deleteInvitation } from '@overture/db';
import { z } from 'zod';
import { checkSameOrigin } from '../auth/authenticate';
import { clientAddress } from '../auth/login-throttle';
import { notFound } from '../errors';
import { endpoint } from '../http/route';
import { acceptInvite, changeRole, inviteUser, publicUser, removeUser } from '../services/accounts';
import { withSession } from './auth';
import { ZEmail, ZIdParams, ZOk, ZPassword, ZRole, ZUser } from './schemas';

export const listUsersEndpoint = endpoint({
  method: 'GET', path: '/api/users', tag: 'users', summary: 'Users and their roles', access: 'admin',
  response: z.object({ users: z.array(ZUser) }),
  async handler({ app }) {
    return { users: (await listUsers(app.db)).map(publicUser) };
  },
});

export const updateUserEndpoint = endpoint({
  method: 'PATCH', path: '/api/users/{id}', tag: 'users', summary: "Change a user's role", access: 'admin',
  params: ZIdParams, body: z.object({ role: ZRole }), response: ZUser,
  async handler({ app, actor, params, body }) {
    const user = await changeRole(app.db, actor, params.id, body.role);
    app.apiKeys.forgetUser(user.id);
    await app.bus.publish({ type: 'user_changed', userId: user.id }).catch(() => undefined);
    return publicUser(user);
  },
});

export const deleteUserEndpoint = endpoint({
  method: 'DELETE', path: '/api/users/{id}', tag: 'users', summary: 'Delete a user (their sessions and API keys go too)', access: 'admin',
  params: ZIdParams, response: ZOk,
  async handler({ app, actor, params }) {
    await removeUser(app.db, actor, params.id);
    app.apiKeys.forgetUser(params.id);
    await app.bus.publish({ type: 'user_changed', userId: params.id }).catch(() => undefined);
    return { ok: true as const };
  },
});

const ZInvitation = z.object({ id: z.uuid(), email: z.string(), role: ZRole, expiresAt: z.string(), acceptedAt: z.string().nullable(), createdAt: z.string() });

export const createInvitationEndpoint = endpoint({
  method: 'POST', path: '/api/invitations', tag: 'users', summary: 'Invite someone with a role: the link (with its token) is shown once; absolute with OVERTURE_PUBLIC_URL, else a path on this site', access: 'admin',
  body: z.object({ email: ZEmail, role: ZRole.default('member') }),
  response: ZInvitation.extend({ token: z.string(), url: z.string() }), status: 201,
  async handler({ app, actor, body }) {
    const { invitation, token } = await inviteUser(app.db, actor, body);
    // Never from the request's Host: a forged Host would put another site's address in the link the admin sends.
    const link = `/invite/${token}`;
    const url = app.env.OVERTURE_PUBLIC_URL ? `${app.env.OVERTURE_PUBLIC_URL.replace(/\/$/, '')}${link}` : link;
    return {
      id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString(), acceptedAt: null,
      createdAt: invitation.createdAt.toISOString(), token, url,
    };
  },
});

export const listInvitationsEndpoint = endpoint({
  method: 'GET', path: '/api/invitations', tag: 'users', summary: 'Invitations (tokens are never shown again)', access: 'admin',
  response: z.object({ invitations: z.array(ZInvitation) }),
  async handler({ app }) {
    return {
      invitations: (await listInvitations(app.db)).map((i) => ({
        id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), acceptedAt: i.acceptedAt?.toISOString() ?? null, createdAt: i.createdAt.toISOString(),
      })),
    };
  },
});

export const deleteInvitationEndpoint = endpoint({
  method: 'DELETE', path: '/api/invitations/{id}', tag: 'users', summary: 'Withdraw an invitation', access: 'admin',
  params: ZIdParams, response: ZOk,
  async handler({ app, params }) {
    if (!(await deleteInvitation(app.db, params.id))) throw notFound(`invitation ${params.id}`);
    return { ok: true as const };
  },
});

export const acceptInvitationEndpoint = endpoint({
  method: 'POST', path: '/api/invitations/accept', tag: 'users', summary: 'Accept an invitation: creates the account and signs in', access: 'public',
  body: z.object({ token: z.string().min(10), name: z.string().max(200).optional(), password: ZPassword }),
  response: z.object({ user: ZUser, expiresAt: z.string() }), status: 201,
  async handler({ app, body, request }) {
    if (request.headers.get('origin')) checkSameOrigin(request);
    return withSession(request, await acceptInvite(app, body, clientAddress(request.headers)), 201);
  },
});

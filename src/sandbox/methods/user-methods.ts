import { fail, type MethodHandler, ok, str } from '../method-kit.js';
import { renderUser } from '../slack-objects.js';

const usersInfo: MethodHandler = (args, ctx) => {
  const user = ctx.state.users.get(str(args, 'user') ?? '');
  if (!user) return fail('user_not_found');
  return ok({ user: renderUser(ctx.state, user) });
};

const lookupByEmail: MethodHandler = (args, ctx) => {
  const email = (str(args, 'email') ?? '').toLowerCase();
  for (const user of ctx.state.users.values()) {
    if (user.email?.toLowerCase() === email) return ok({ user: renderUser(ctx.state, user) });
  }
  return fail('users_not_found');
};

const usergroupUsers: MethodHandler = (args, ctx) => {
  const group = ctx.state.usergroups.get(str(args, 'usergroup') ?? '');
  if (!group) return fail('no_such_subteam');
  return ok({ users: [...group.users] });
};

const authTest: MethodHandler = (_args, ctx) => {
  const { identity } = ctx.state;
  return ok({
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamName,
    user: ctx.state.users.get(identity.botUserId)?.name ?? 'shipgate',
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    app_id: identity.appId,
    is_enterprise_install: false,
  });
};

/** users.info, users.lookupByEmail, usergroups.users.list, auth.test. */
export const userMethods: Readonly<Record<string, MethodHandler>> = {
  'users.info': usersInfo,
  'users.lookupByEmail': lookupByEmail,
  'usergroups.users.list': usergroupUsers,
  'auth.test': authTest,
};

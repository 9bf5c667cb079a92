import { useCallback, useEffect, useState } from 'react';
import type { StaffAccount } from '../../../core/auth/schemas';
import { ROLE_LABELS } from '../../../core/roles';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { useSession } from '../../store/session-store';

/** Supervisors clear lock-outs; admins also enable and disable accounts. The API enforces both. */
export function StaffScreen() {
  const role = useSession((s) => s.session?.staff.role);
  const [accounts, setAccounts] = useState<StaffAccount[]>([]);
  const load = useAction(useCallback(async () => setAccounts(await call('staff.list', {})), []));
  const change = useAction(async (op: Promise<StaffAccount>) => {
    const updated = await op;
    setAccounts((list) => list.map((a) => (a.id === updated.id ? updated : a)));
  });

  useEffect(() => {
    void load.run();
  }, [load.run]);

  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff</h1>
      <ErrorMessage error={load.error ?? change.error} testId="staff-error" />
      <table data-testid="staff-table">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => {
            const locked = a.lockedUntil !== null && new Date(a.lockedUntil) > new Date();
            return (
              <tr key={a.id} data-testid={`staff-row-${a.username}`}>
                <td>{a.username}</td>
                <td>{a.displayName}</td>
                <td>{ROLE_LABELS[a.role]}</td>
                <td data-testid={`staff-state-${a.username}`}>{!a.active ? 'Disabled' : locked ? 'Locked out' : 'Active'}</td>
                <td>
                  {locked && (
                    <button type="button" data-testid={`staff-unlock-${a.username}`} onClick={() => void change.run(call('staff.unlockAccount', { username: a.username }))}>
                      Clear lock-out
                    </button>
                  )}
                  {role === 'admin' && (
                    <button
                      type="button"
                      className="secondary"
                      data-testid={`staff-active-${a.username}`}
                      onClick={() => void change.run(call('staff.setActive', { username: a.username, active: !a.active }))}
                    >
                      {a.active ? 'Disable' : 'Enable'}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

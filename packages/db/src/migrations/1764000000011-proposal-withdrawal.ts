import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A proposer may withdraw their own open proposal, with reasons, as a step on its record. */
export class ProposalWithdrawal1764000000011 implements MigrationInterface {
  name = 'ProposalWithdrawal1764000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table proposal drop constraint proposal_status_check`);
    await q.query(
      `alter table proposal add constraint proposal_status_check
         check (status in ('open', 'approved', 'rejected', 'withdrawn'))`,
    );
    await q.query(`alter table proposal_step drop constraint proposal_step_action_check`);
    await q.query(
      `alter table proposal_step add constraint proposal_step_action_check
         check (action in ('propose', 'recommend', 'approve', 'reject', 'withdraw'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table proposal_step drop constraint proposal_step_action_check`);
    await q.query(
      `alter table proposal_step add constraint proposal_step_action_check
         check (action in ('propose', 'recommend', 'approve', 'reject'))`,
    );
    await q.query(`alter table proposal drop constraint proposal_status_check`);
    await q.query(
      `alter table proposal add constraint proposal_status_check
         check (status in ('open', 'approved', 'rejected'))`,
    );
  }
}

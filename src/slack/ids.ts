/** Every action id and callback id Shipgate uses, in one place (Block Kit builders and handlers share them). */
export const IDS = {
  deployApprove: 'deploy.approve',
  deployReject: 'deploy.reject',
  deployRejectModal: 'deploy.reject.modal',
  deployRejectReasonBlock: 'reason',
  deployRejectReasonInput: 'reason_input',
  deployChecklist: 'deploy.checklist',
  noticeApprove: 'incident.notice.approve',
  noticeEdit: 'incident.notice.edit',
  noticeEditModal: 'incident.notice.edit.modal',
  noticeTextBlock: 'notice',
  noticeTextInput: 'notice_input',
  reviewDone: 'incident.review.done',
  rollbackNow: 'rollback.now',
  watchRollback: 'watch.rollback',
  watchKeep: 'watch.keep',
  watchGood: 'watch.good',
} as const;

import { bundleExport, bundleImport } from './bundle.js'
import { adminApprove, adminDeny, adminInvite, adminRequests, adminRevoke } from './admin.js'
import { log } from './log.js'
import { peers } from './peers.js'
import { shutdown } from './shutdown.js'
import { status } from './status.js'
import { wavePublish } from './wave-publish.js'
import { waveStatus } from './wave-status.js'
import { members } from './members.js'
import { supernodeVolunteer, supernodeWithdraw } from './supernode.js'
import { rootDecide, rootParam, rootPending, rootRole, rootSign } from './root.js'
import type { MethodHandler } from '../context.js'
import type { ControlMethods, MethodName } from '../protocol.js'

/** Every control method's handler, by name. */
export const METHODS: { [M in MethodName]: MethodHandler<ControlMethods[M]['params'], ControlMethods[M]['result']> } = {
  status,
  peers,
  log,
  'wave.publish': wavePublish,
  'wave.status': waveStatus,
  'bundle.export': bundleExport,
  'bundle.import': bundleImport,
  shutdown,
  members,
  'supernode.volunteer': supernodeVolunteer,
  'supernode.withdraw': supernodeWithdraw,
  'root.pending': rootPending,
  'root.sign': rootSign,
  'root.decide': rootDecide,
  'root.role': rootRole,
  'root.param': rootParam,
  'admin.requests': adminRequests,
  'admin.approve': adminApprove,
  'admin.deny': adminDeny,
  'admin.revoke': adminRevoke,
  'admin.invite': adminInvite
}

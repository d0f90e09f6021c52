import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from './empty-bytes.js'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Envelope {
  version: number
  payloadType: string
  payload: Uint8Array<ArrayBuffer>
  signer: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.payloadType != null && obj.payloadType !== '')) {
          w.uint32(18)
          w.string(obj.payloadType)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.payload)
        }

        if ((obj.signer != null && obj.signer.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.signer)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          payloadType: '',
          payload: uint8ArrayAlloc(0),
          signer: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.payloadType = reader.string()
              break
            }
            case 3: {
              obj.payload = reader.bytes()
              break
            }
            case 4: {
              obj.signer = reader.bytes()
              break
            }
            case 5: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.payloadType`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.signer`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EnvelopeVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface EnvelopePayloadTypeFieldEvent {
    field: '$.payloadType'
    value: string
  }

  export interface EnvelopePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSignerFieldEvent {
    field: '$.signer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeVersionFieldEvent | EnvelopePayloadTypeFieldEvent | EnvelopePayloadFieldEvent | EnvelopeSignerFieldEvent | EnvelopeSignatureFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export interface Operation {
  version: number
  federation: Uint8Array<ArrayBuffer>
  wallMs: number
  counter: number
  genesis?: Genesis
  waveAnnounce?: WaveAnnounce
  joinDecision?: JoinDecision
  memberRevoke?: MemberRevoke
  roleChange?: RoleChange
  paramSet?: ParamSet
  approve?: Approve
  volunteer?: Volunteer
  volunteerDecision?: VolunteerDecision
  takeover?: Takeover
}

export namespace Operation {
  let _codec: Codec<Operation>

  export const codec = (): Codec<Operation> => {
    if (_codec == null) {
      _codec = message<Operation>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.federation)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.wallMs)
        }

        if ((obj.counter != null && obj.counter !== 0)) {
          w.uint32(32)
          w.uint32(obj.counter)
        }

        if (obj.genesis != null) {
          w.uint32(82)
          Genesis.codec().encode(obj.genesis, w)
        }

        if (obj.waveAnnounce != null) {
          w.uint32(90)
          WaveAnnounce.codec().encode(obj.waveAnnounce, w)
        }

        if (obj.joinDecision != null) {
          w.uint32(98)
          JoinDecision.codec().encode(obj.joinDecision, w)
        }

        if (obj.memberRevoke != null) {
          w.uint32(106)
          MemberRevoke.codec().encode(obj.memberRevoke, w)
        }

        if (obj.roleChange != null) {
          w.uint32(114)
          RoleChange.codec().encode(obj.roleChange, w)
        }

        if (obj.paramSet != null) {
          w.uint32(122)
          ParamSet.codec().encode(obj.paramSet, w)
        }

        if (obj.approve != null) {
          w.uint32(130)
          Approve.codec().encode(obj.approve, w)
        }

        if (obj.volunteer != null) {
          w.uint32(138)
          Volunteer.codec().encode(obj.volunteer, w)
        }

        if (obj.volunteerDecision != null) {
          w.uint32(146)
          VolunteerDecision.codec().encode(obj.volunteerDecision, w)
        }

        if (obj.takeover != null) {
          w.uint32(154)
          Takeover.codec().encode(obj.takeover, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          federation: uint8ArrayAlloc(0),
          wallMs: 0,
          counter: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.federation = reader.bytes()
              break
            }
            case 3: {
              obj.wallMs = reader.uint64Number()
              break
            }
            case 4: {
              obj.counter = reader.uint32()
              break
            }
            case 10: {
              obj.genesis = Genesis.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.genesis
              })
              break
            }
            case 11: {
              obj.waveAnnounce = WaveAnnounce.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.waveAnnounce
              })
              break
            }
            case 12: {
              obj.joinDecision = JoinDecision.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.joinDecision
              })
              break
            }
            case 13: {
              obj.memberRevoke = MemberRevoke.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.memberRevoke
              })
              break
            }
            case 14: {
              obj.roleChange = RoleChange.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.roleChange
              })
              break
            }
            case 15: {
              obj.paramSet = ParamSet.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.paramSet
              })
              break
            }
            case 16: {
              obj.approve = Approve.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.approve
              })
              break
            }
            case 17: {
              obj.volunteer = Volunteer.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.volunteer
              })
              break
            }
            case 18: {
              obj.volunteerDecision = VolunteerDecision.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.volunteerDecision
              })
              break
            }
            case 19: {
              obj.takeover = Takeover.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.takeover
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.counter`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              yield * Genesis.codec().stream(reader, reader.uint32(), `${prefix}.genesis`, {
                limits: opts.limits?.genesis
              })

              break
            }
            case 11: {
              yield * WaveAnnounce.codec().stream(reader, reader.uint32(), `${prefix}.waveAnnounce`, {
                limits: opts.limits?.waveAnnounce
              })

              break
            }
            case 12: {
              yield * JoinDecision.codec().stream(reader, reader.uint32(), `${prefix}.joinDecision`, {
                limits: opts.limits?.joinDecision
              })

              break
            }
            case 13: {
              yield * MemberRevoke.codec().stream(reader, reader.uint32(), `${prefix}.memberRevoke`, {
                limits: opts.limits?.memberRevoke
              })

              break
            }
            case 14: {
              yield * RoleChange.codec().stream(reader, reader.uint32(), `${prefix}.roleChange`, {
                limits: opts.limits?.roleChange
              })

              break
            }
            case 15: {
              yield * ParamSet.codec().stream(reader, reader.uint32(), `${prefix}.paramSet`, {
                limits: opts.limits?.paramSet
              })

              break
            }
            case 16: {
              yield * Approve.codec().stream(reader, reader.uint32(), `${prefix}.approve`, {
                limits: opts.limits?.approve
              })

              break
            }
            case 17: {
              yield * Volunteer.codec().stream(reader, reader.uint32(), `${prefix}.volunteer`, {
                limits: opts.limits?.volunteer
              })

              break
            }
            case 18: {
              yield * VolunteerDecision.codec().stream(reader, reader.uint32(), `${prefix}.volunteerDecision`, {
                limits: opts.limits?.volunteerDecision
              })

              break
            }
            case 19: {
              yield * Takeover.codec().stream(reader, reader.uint32(), `${prefix}.takeover`, {
                limits: opts.limits?.takeover
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface OperationVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface OperationFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationWallMsFieldEvent {
    field: '$.wallMs'
    value: number
  }

  export interface OperationCounterFieldEvent {
    field: '$.counter'
    value: number
  }

  export interface OperationGenesisNameFieldEvent {
    field: '$.genesis.name'
    value: string
  }

  export interface OperationGenesisRootsFieldEvent {
    field: '$.genesis.roots[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationGenesisRootThresholdFieldEvent {
    field: '$.genesis.rootThreshold'
    value: number
  }

  export interface OperationGenesisQueensFieldEvent {
    field: '$.genesis.queens[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationGenesisParamsMaxClockOffsetMsFieldEvent {
    field: '$.genesis.params.maxClockOffsetMs'
    value: number
  }

  export interface OperationGenesisParamsMinSupernodesFieldEvent {
    field: '$.genesis.params.minSupernodes'
    value: number
  }

  export interface OperationGenesisParamsHealthIntervalMsFieldEvent {
    field: '$.genesis.params.healthIntervalMs'
    value: number
  }

  export interface OperationGenesisParamsSupernodeGraceMsFieldEvent {
    field: '$.genesis.params.supernodeGraceMs'
    value: number
  }

  export interface OperationGenesisParamsPolicyFieldEvent {
    field: '$.genesis.params.policy'
    value: number
  }

  export interface OperationGenesisNonceFieldEvent {
    field: '$.genesis.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationGenesisNetworksFieldEvent {
    field: '$.genesis.networks[]'
    index: number
    value: string
  }

  export interface OperationGenesisMembersKeyFieldEvent {
    field: '$.genesis.members[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface OperationGenesisMembersNetworkFieldEvent {
    field: '$.genesis.members[].network'
    value: string
    index: number
  }

  export interface OperationGenesisMembersRoleFieldEvent {
    field: '$.genesis.members[].role'
    value: number
    index: number
  }

  export interface OperationWaveAnnounceChannelFieldEvent {
    field: '$.waveAnnounce.channel'
    value: string
  }

  export interface OperationWaveAnnounceVersionFieldEvent {
    field: '$.waveAnnounce.version'
    value: number
  }

  export interface OperationWaveAnnounceContentModuleFieldEvent {
    field: '$.waveAnnounce.content.module'
    value: string
  }

  export interface OperationWaveAnnounceContentSizeFieldEvent {
    field: '$.waveAnnounce.content.size'
    value: number
  }

  export interface OperationWaveAnnounceContentSha256FieldEvent {
    field: '$.waveAnnounce.content.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationWaveAnnounceContentNameFieldEvent {
    field: '$.waveAnnounce.content.name'
    value: string
  }

  export interface OperationWaveAnnounceContentManifestSizeFieldEvent {
    field: '$.waveAnnounce.content.manifestSize'
    value: number
  }

  export interface OperationWaveAnnounceContentSourceFieldEvent {
    field: '$.waveAnnounce.content.source'
    value: string
  }

  export interface OperationWaveAnnounceContentRefFieldEvent {
    field: '$.waveAnnounce.content.ref'
    value: string
  }

  export interface OperationWaveAnnounceExpiresMsFieldEvent {
    field: '$.waveAnnounce.expiresMs'
    value: number
  }

  export interface OperationWaveAnnounceTargetTagsFieldEvent {
    field: '$.waveAnnounce.targetTags[]'
    index: number
    value: string
  }

  export interface OperationWaveAnnounceTargetNodesFieldEvent {
    field: '$.waveAnnounce.targetNodes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationWaveAnnouncePrincessFirstFieldEvent {
    field: '$.waveAnnounce.princessFirst'
    value: boolean
  }

  export interface OperationJoinDecisionNodeFieldEvent {
    field: '$.joinDecision.node'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationJoinDecisionApproveFieldEvent {
    field: '$.joinDecision.approve'
    value: boolean
  }

  export interface OperationJoinDecisionNetworkFieldEvent {
    field: '$.joinDecision.network'
    value: string
  }

  export interface OperationJoinDecisionInviteFieldEvent {
    field: '$.joinDecision.invite'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationJoinDecisionReasonFieldEvent {
    field: '$.joinDecision.reason'
    value: string
  }

  export interface OperationMemberRevokeNodeFieldEvent {
    field: '$.memberRevoke.node'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationMemberRevokeReasonFieldEvent {
    field: '$.memberRevoke.reason'
    value: string
  }

  export interface OperationMemberRevokeThroughFieldEvent {
    field: '$.memberRevoke.through'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationRoleChangeNodeFieldEvent {
    field: '$.roleChange.node'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationRoleChangeRoleFieldEvent {
    field: '$.roleChange.role'
    value: number
  }

  export interface OperationRoleChangeGrantFieldEvent {
    field: '$.roleChange.grant'
    value: boolean
  }

  export interface OperationRoleChangeChannelsFieldEvent {
    field: '$.roleChange.channels[]'
    index: number
    value: string
  }

  export interface OperationRoleChangeNetworkFieldEvent {
    field: '$.roleChange.network'
    value: string
  }

  export interface OperationParamSetNameFieldEvent {
    field: '$.paramSet.name'
    value: string
  }

  export interface OperationParamSetValueFieldEvent {
    field: '$.paramSet.value'
    value: string
  }

  export interface OperationApproveEntryFieldEvent {
    field: '$.approve.entry'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationVolunteerRoleFieldEvent {
    field: '$.volunteer.role'
    value: number
  }

  export interface OperationVolunteerNoteFieldEvent {
    field: '$.volunteer.note'
    value: string
  }

  export interface OperationVolunteerDecisionRequestFieldEvent {
    field: '$.volunteerDecision.request'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationVolunteerDecisionApproveFieldEvent {
    field: '$.volunteerDecision.approve'
    value: boolean
  }

  export interface OperationTakeoverFailedFieldEvent {
    field: '$.takeover.failed'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OperationTakeoverResumeFieldEvent {
    field: '$.takeover.resume'
    value: boolean
  }

  export interface OperationTakeoverSinceFieldEvent {
    field: '$.takeover.since'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Operation>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Operation.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Operation>): Operation {
    return decodeMessage(buf, Operation.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Operation>): Generator<OperationVersionFieldEvent | OperationFederationFieldEvent | OperationWallMsFieldEvent | OperationCounterFieldEvent | OperationGenesisNameFieldEvent | OperationGenesisRootsFieldEvent | OperationGenesisRootThresholdFieldEvent | OperationGenesisQueensFieldEvent | OperationGenesisParamsMaxClockOffsetMsFieldEvent | OperationGenesisParamsMinSupernodesFieldEvent | OperationGenesisParamsHealthIntervalMsFieldEvent | OperationGenesisParamsSupernodeGraceMsFieldEvent | OperationGenesisParamsPolicyFieldEvent | OperationGenesisNonceFieldEvent | OperationGenesisNetworksFieldEvent | OperationGenesisMembersKeyFieldEvent | OperationGenesisMembersNetworkFieldEvent | OperationGenesisMembersRoleFieldEvent | OperationWaveAnnounceChannelFieldEvent | OperationWaveAnnounceVersionFieldEvent | OperationWaveAnnounceContentModuleFieldEvent | OperationWaveAnnounceContentSizeFieldEvent | OperationWaveAnnounceContentSha256FieldEvent | OperationWaveAnnounceContentNameFieldEvent | OperationWaveAnnounceContentManifestSizeFieldEvent | OperationWaveAnnounceContentSourceFieldEvent | OperationWaveAnnounceContentRefFieldEvent | OperationWaveAnnounceExpiresMsFieldEvent | OperationWaveAnnounceTargetTagsFieldEvent | OperationWaveAnnounceTargetNodesFieldEvent | OperationWaveAnnouncePrincessFirstFieldEvent | OperationJoinDecisionNodeFieldEvent | OperationJoinDecisionApproveFieldEvent | OperationJoinDecisionNetworkFieldEvent | OperationJoinDecisionInviteFieldEvent | OperationJoinDecisionReasonFieldEvent | OperationMemberRevokeNodeFieldEvent | OperationMemberRevokeReasonFieldEvent | OperationMemberRevokeThroughFieldEvent | OperationRoleChangeNodeFieldEvent | OperationRoleChangeRoleFieldEvent | OperationRoleChangeGrantFieldEvent | OperationRoleChangeChannelsFieldEvent | OperationRoleChangeNetworkFieldEvent | OperationParamSetNameFieldEvent | OperationParamSetValueFieldEvent | OperationApproveEntryFieldEvent | OperationVolunteerRoleFieldEvent | OperationVolunteerNoteFieldEvent | OperationVolunteerDecisionRequestFieldEvent | OperationVolunteerDecisionApproveFieldEvent | OperationTakeoverFailedFieldEvent | OperationTakeoverResumeFieldEvent | OperationTakeoverSinceFieldEvent> {
    return streamMessage(buf, Operation.codec(), opts)
  }
}

export interface Genesis {
  name: string
  roots: Uint8Array<ArrayBuffer>[]
  rootThreshold: number
  queens: Uint8Array<ArrayBuffer>[]
  params?: Params
  nonce: Uint8Array<ArrayBuffer>
  networks: string[]
  members: Member[]
}

export namespace Genesis {
  let _codec: Codec<Genesis>

  export const codec = (): Codec<Genesis> => {
    if (_codec == null) {
      _codec = message<Genesis>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (obj.roots != null && obj.roots.length > 0) {
          for (const value of obj.roots) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if ((obj.rootThreshold != null && obj.rootThreshold !== 0)) {
          w.uint32(24)
          w.uint32(obj.rootThreshold)
        }

        if (obj.queens != null && obj.queens.length > 0) {
          for (const value of obj.queens) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if (obj.params != null) {
          w.uint32(42)
          Params.codec().encode(obj.params, w)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.nonce)
        }

        if (obj.networks != null && obj.networks.length > 0) {
          for (const value of obj.networks) {
            w.uint32(58)
            w.string(value)
          }
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(66)
            Member.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          roots: [],
          rootThreshold: 0,
          queens: [],
          nonce: uint8ArrayAlloc(0),
          networks: [],
          members: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.roots != null && obj.roots.length === opts.limits.roots) {
                throw new MaxLengthError('Decode error - repeated field "roots" had too many elements')
              }

              obj.roots.push(reader.bytes())
              break
            }
            case 3: {
              obj.rootThreshold = reader.uint32()
              break
            }
            case 4: {
              if (opts.limits?.queens != null && obj.queens.length === opts.limits.queens) {
                throw new MaxLengthError('Decode error - repeated field "queens" had too many elements')
              }

              obj.queens.push(reader.bytes())
              break
            }
            case 5: {
              obj.params = Params.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.params
              })
              break
            }
            case 6: {
              obj.nonce = reader.bytes()
              break
            }
            case 7: {
              if (opts.limits?.networks != null && obj.networks.length === opts.limits.networks) {
                throw new MaxLengthError('Decode error - repeated field "networks" had too many elements')
              }

              obj.networks.push(reader.string())
              break
            }
            case 8: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(Member.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.members$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          roots: 0,
          queens: 0,
          networks: 0,
          members: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.roots != null && obj.roots === opts.limits.roots) {
                throw new MaxLengthError('Streaming decode error - repeated field "roots" had too many elements')
              }

              yield {
                field: `${prefix}.roots[]`,
                index: obj.roots,
                value: reader.bytes()
              }

              obj.roots++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.rootThreshold`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              if (opts.limits?.queens != null && obj.queens === opts.limits.queens) {
                throw new MaxLengthError('Streaming decode error - repeated field "queens" had too many elements')
              }

              yield {
                field: `${prefix}.queens[]`,
                index: obj.queens,
                value: reader.bytes()
              }

              obj.queens++

              break
            }
            case 5: {
              yield * Params.codec().stream(reader, reader.uint32(), `${prefix}.params`, {
                limits: opts.limits?.params
              })

              break
            }
            case 6: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              if (opts.limits?.networks != null && obj.networks === opts.limits.networks) {
                throw new MaxLengthError('Streaming decode error - repeated field "networks" had too many elements')
              }

              yield {
                field: `${prefix}.networks[]`,
                index: obj.networks,
                value: reader.string()
              }

              obj.networks++

              break
            }
            case 8: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              for (const evt of Member.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
                limits: opts.limits?.members$
              })) {
                yield {
                  ...evt,
                  index: obj.members
                }
              }

              obj.members++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GenesisNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GenesisRootsFieldEvent {
    field: '$.roots[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GenesisRootThresholdFieldEvent {
    field: '$.rootThreshold'
    value: number
  }

  export interface GenesisQueensFieldEvent {
    field: '$.queens[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GenesisParamsMaxClockOffsetMsFieldEvent {
    field: '$.params.maxClockOffsetMs'
    value: number
  }

  export interface GenesisParamsMinSupernodesFieldEvent {
    field: '$.params.minSupernodes'
    value: number
  }

  export interface GenesisParamsHealthIntervalMsFieldEvent {
    field: '$.params.healthIntervalMs'
    value: number
  }

  export interface GenesisParamsSupernodeGraceMsFieldEvent {
    field: '$.params.supernodeGraceMs'
    value: number
  }

  export interface GenesisParamsPolicyFieldEvent {
    field: '$.params.policy'
    value: number
  }

  export interface GenesisNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GenesisNetworksFieldEvent {
    field: '$.networks[]'
    index: number
    value: string
  }

  export interface GenesisMembersKeyFieldEvent {
    field: '$.members[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GenesisMembersNetworkFieldEvent {
    field: '$.members[].network'
    value: string
    index: number
  }

  export interface GenesisMembersRoleFieldEvent {
    field: '$.members[].role'
    value: number
    index: number
  }

  export function encode (obj: Partial<Genesis>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Genesis.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Genesis>): Genesis {
    return decodeMessage(buf, Genesis.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Genesis>): Generator<GenesisNameFieldEvent | GenesisRootsFieldEvent | GenesisRootThresholdFieldEvent | GenesisQueensFieldEvent | GenesisParamsMaxClockOffsetMsFieldEvent | GenesisParamsMinSupernodesFieldEvent | GenesisParamsHealthIntervalMsFieldEvent | GenesisParamsSupernodeGraceMsFieldEvent | GenesisParamsPolicyFieldEvent | GenesisNonceFieldEvent | GenesisNetworksFieldEvent | GenesisMembersKeyFieldEvent | GenesisMembersNetworkFieldEvent | GenesisMembersRoleFieldEvent> {
    return streamMessage(buf, Genesis.codec(), opts)
  }
}

export interface Member {
  key: Uint8Array<ArrayBuffer>
  network: string
  role: number
}

export namespace Member {
  let _codec: Codec<Member>

  export const codec = (): Codec<Member> => {
    if (_codec == null) {
      _codec = message<Member>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.key)
        }

        if ((obj.network != null && obj.network !== '')) {
          w.uint32(18)
          w.string(obj.network)
        }

        if ((obj.role != null && obj.role !== 0)) {
          w.uint32(24)
          w.uint32(obj.role)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          key: uint8ArrayAlloc(0),
          network: '',
          role: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.key = reader.bytes()
              break
            }
            case 2: {
              obj.network = reader.string()
              break
            }
            case 3: {
              obj.role = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.key`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.network`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.role`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MemberKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MemberNetworkFieldEvent {
    field: '$.network'
    value: string
  }

  export interface MemberRoleFieldEvent {
    field: '$.role'
    value: number
  }

  export function encode (obj: Partial<Member>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Member.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Member>): Member {
    return decodeMessage(buf, Member.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Member>): Generator<MemberKeyFieldEvent | MemberNetworkFieldEvent | MemberRoleFieldEvent> {
    return streamMessage(buf, Member.codec(), opts)
  }
}

export interface Params {
  maxClockOffsetMs: number
  minSupernodes: number
  healthIntervalMs: number
  supernodeGraceMs: number
  policy: number
}

export namespace Params {
  let _codec: Codec<Params>

  export const codec = (): Codec<Params> => {
    if (_codec == null) {
      _codec = message<Params>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.maxClockOffsetMs != null && obj.maxClockOffsetMs !== 0)) {
          w.uint32(8)
          w.uint32(obj.maxClockOffsetMs)
        }

        if ((obj.minSupernodes != null && obj.minSupernodes !== 0)) {
          w.uint32(16)
          w.uint32(obj.minSupernodes)
        }

        if ((obj.healthIntervalMs != null && obj.healthIntervalMs !== 0)) {
          w.uint32(24)
          w.uint32(obj.healthIntervalMs)
        }

        if ((obj.supernodeGraceMs != null && obj.supernodeGraceMs !== 0)) {
          w.uint32(32)
          w.uint32(obj.supernodeGraceMs)
        }

        if ((obj.policy != null && obj.policy !== 0)) {
          w.uint32(40)
          w.uint32(obj.policy)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          maxClockOffsetMs: 0,
          minSupernodes: 0,
          healthIntervalMs: 0,
          supernodeGraceMs: 0,
          policy: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.maxClockOffsetMs = reader.uint32()
              break
            }
            case 2: {
              obj.minSupernodes = reader.uint32()
              break
            }
            case 3: {
              obj.healthIntervalMs = reader.uint32()
              break
            }
            case 4: {
              obj.supernodeGraceMs = reader.uint32()
              break
            }
            case 5: {
              obj.policy = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.maxClockOffsetMs`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.minSupernodes`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.healthIntervalMs`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.supernodeGraceMs`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.policy`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ParamsMaxClockOffsetMsFieldEvent {
    field: '$.maxClockOffsetMs'
    value: number
  }

  export interface ParamsMinSupernodesFieldEvent {
    field: '$.minSupernodes'
    value: number
  }

  export interface ParamsHealthIntervalMsFieldEvent {
    field: '$.healthIntervalMs'
    value: number
  }

  export interface ParamsSupernodeGraceMsFieldEvent {
    field: '$.supernodeGraceMs'
    value: number
  }

  export interface ParamsPolicyFieldEvent {
    field: '$.policy'
    value: number
  }

  export function encode (obj: Partial<Params>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Params.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Params>): Params {
    return decodeMessage(buf, Params.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Params>): Generator<ParamsMaxClockOffsetMsFieldEvent | ParamsMinSupernodesFieldEvent | ParamsHealthIntervalMsFieldEvent | ParamsSupernodeGraceMsFieldEvent | ParamsPolicyFieldEvent> {
    return streamMessage(buf, Params.codec(), opts)
  }
}

export interface JoinDecision {
  node: Uint8Array<ArrayBuffer>
  approve: boolean
  network: string
  invite: Uint8Array<ArrayBuffer>
  reason: string
}

export namespace JoinDecision {
  let _codec: Codec<JoinDecision>

  export const codec = (): Codec<JoinDecision> => {
    if (_codec == null) {
      _codec = message<JoinDecision>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.node != null && obj.node.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.node)
        }

        if ((obj.approve != null && obj.approve !== false)) {
          w.uint32(16)
          w.bool(obj.approve)
        }

        if ((obj.network != null && obj.network !== '')) {
          w.uint32(26)
          w.string(obj.network)
        }

        if ((obj.invite != null && obj.invite.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.invite)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(42)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          node: uint8ArrayAlloc(0),
          approve: false,
          network: '',
          invite: uint8ArrayAlloc(0),
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.node = reader.bytes()
              break
            }
            case 2: {
              obj.approve = reader.bool()
              break
            }
            case 3: {
              obj.network = reader.string()
              break
            }
            case 4: {
              obj.invite = reader.bytes()
              break
            }
            case 5: {
              obj.reason = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.node`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.approve`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.network`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.invite`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface JoinDecisionNodeFieldEvent {
    field: '$.node'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JoinDecisionApproveFieldEvent {
    field: '$.approve'
    value: boolean
  }

  export interface JoinDecisionNetworkFieldEvent {
    field: '$.network'
    value: string
  }

  export interface JoinDecisionInviteFieldEvent {
    field: '$.invite'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JoinDecisionReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<JoinDecision>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JoinDecision.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinDecision>): JoinDecision {
    return decodeMessage(buf, JoinDecision.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinDecision>): Generator<JoinDecisionNodeFieldEvent | JoinDecisionApproveFieldEvent | JoinDecisionNetworkFieldEvent | JoinDecisionInviteFieldEvent | JoinDecisionReasonFieldEvent> {
    return streamMessage(buf, JoinDecision.codec(), opts)
  }
}

export interface MemberRevoke {
  node: Uint8Array<ArrayBuffer>
  reason: string
  through: Uint8Array<ArrayBuffer>
}

export namespace MemberRevoke {
  let _codec: Codec<MemberRevoke>

  export const codec = (): Codec<MemberRevoke> => {
    if (_codec == null) {
      _codec = message<MemberRevoke>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.node != null && obj.node.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.node)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if ((obj.through != null && obj.through.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.through)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          node: uint8ArrayAlloc(0),
          reason: '',
          through: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.node = reader.bytes()
              break
            }
            case 2: {
              obj.reason = reader.string()
              break
            }
            case 3: {
              obj.through = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.node`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.through`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MemberRevokeNodeFieldEvent {
    field: '$.node'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MemberRevokeReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface MemberRevokeThroughFieldEvent {
    field: '$.through'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<MemberRevoke>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MemberRevoke.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MemberRevoke>): MemberRevoke {
    return decodeMessage(buf, MemberRevoke.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MemberRevoke>): Generator<MemberRevokeNodeFieldEvent | MemberRevokeReasonFieldEvent | MemberRevokeThroughFieldEvent> {
    return streamMessage(buf, MemberRevoke.codec(), opts)
  }
}

export interface RoleChange {
  node: Uint8Array<ArrayBuffer>
  role: number
  grant: boolean
  channels: string[]
  network: string
}

export namespace RoleChange {
  let _codec: Codec<RoleChange>

  export const codec = (): Codec<RoleChange> => {
    if (_codec == null) {
      _codec = message<RoleChange>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.node != null && obj.node.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.node)
        }

        if ((obj.role != null && obj.role !== 0)) {
          w.uint32(16)
          w.uint32(obj.role)
        }

        if ((obj.grant != null && obj.grant !== false)) {
          w.uint32(24)
          w.bool(obj.grant)
        }

        if (obj.channels != null && obj.channels.length > 0) {
          for (const value of obj.channels) {
            w.uint32(34)
            w.string(value)
          }
        }

        if ((obj.network != null && obj.network !== '')) {
          w.uint32(42)
          w.string(obj.network)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          node: uint8ArrayAlloc(0),
          role: 0,
          grant: false,
          channels: [],
          network: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.node = reader.bytes()
              break
            }
            case 2: {
              obj.role = reader.uint32()
              break
            }
            case 3: {
              obj.grant = reader.bool()
              break
            }
            case 4: {
              if (opts.limits?.channels != null && obj.channels.length === opts.limits.channels) {
                throw new MaxLengthError('Decode error - repeated field "channels" had too many elements')
              }

              obj.channels.push(reader.string())
              break
            }
            case 5: {
              obj.network = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          channels: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.node`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.role`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.grant`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              if (opts.limits?.channels != null && obj.channels === opts.limits.channels) {
                throw new MaxLengthError('Streaming decode error - repeated field "channels" had too many elements')
              }

              yield {
                field: `${prefix}.channels[]`,
                index: obj.channels,
                value: reader.string()
              }

              obj.channels++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.network`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RoleChangeNodeFieldEvent {
    field: '$.node'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoleChangeRoleFieldEvent {
    field: '$.role'
    value: number
  }

  export interface RoleChangeGrantFieldEvent {
    field: '$.grant'
    value: boolean
  }

  export interface RoleChangeChannelsFieldEvent {
    field: '$.channels[]'
    index: number
    value: string
  }

  export interface RoleChangeNetworkFieldEvent {
    field: '$.network'
    value: string
  }

  export function encode (obj: Partial<RoleChange>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoleChange.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoleChange>): RoleChange {
    return decodeMessage(buf, RoleChange.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoleChange>): Generator<RoleChangeNodeFieldEvent | RoleChangeRoleFieldEvent | RoleChangeGrantFieldEvent | RoleChangeChannelsFieldEvent | RoleChangeNetworkFieldEvent> {
    return streamMessage(buf, RoleChange.codec(), opts)
  }
}

export interface ParamSet {
  name: string
  value: string
}

export namespace ParamSet {
  let _codec: Codec<ParamSet>

  export const codec = (): Codec<ParamSet> => {
    if (_codec == null) {
      _codec = message<ParamSet>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.value != null && obj.value !== '')) {
          w.uint32(18)
          w.string(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          value: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.value = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.value`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ParamSetNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface ParamSetValueFieldEvent {
    field: '$.value'
    value: string
  }

  export function encode (obj: Partial<ParamSet>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ParamSet.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ParamSet>): ParamSet {
    return decodeMessage(buf, ParamSet.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ParamSet>): Generator<ParamSetNameFieldEvent | ParamSetValueFieldEvent> {
    return streamMessage(buf, ParamSet.codec(), opts)
  }
}

export interface Approve {
  entry: Uint8Array<ArrayBuffer>
}

export namespace Approve {
  let _codec: Codec<Approve>

  export const codec = (): Codec<Approve> => {
    if (_codec == null) {
      _codec = message<Approve>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.entry != null && obj.entry.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.entry)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          entry: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.entry = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.entry`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ApproveEntryFieldEvent {
    field: '$.entry'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Approve>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Approve.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Approve>): Approve {
    return decodeMessage(buf, Approve.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Approve>): Generator<ApproveEntryFieldEvent> {
    return streamMessage(buf, Approve.codec(), opts)
  }
}

export interface Volunteer {
  role: number
  note: string
}

export namespace Volunteer {
  let _codec: Codec<Volunteer>

  export const codec = (): Codec<Volunteer> => {
    if (_codec == null) {
      _codec = message<Volunteer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.role != null && obj.role !== 0)) {
          w.uint32(8)
          w.uint32(obj.role)
        }

        if ((obj.note != null && obj.note !== '')) {
          w.uint32(18)
          w.string(obj.note)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          role: 0,
          note: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.role = reader.uint32()
              break
            }
            case 2: {
              obj.note = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.role`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.note`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface VolunteerRoleFieldEvent {
    field: '$.role'
    value: number
  }

  export interface VolunteerNoteFieldEvent {
    field: '$.note'
    value: string
  }

  export function encode (obj: Partial<Volunteer>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Volunteer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Volunteer>): Volunteer {
    return decodeMessage(buf, Volunteer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Volunteer>): Generator<VolunteerRoleFieldEvent | VolunteerNoteFieldEvent> {
    return streamMessage(buf, Volunteer.codec(), opts)
  }
}

export interface VolunteerDecision {
  request: Uint8Array<ArrayBuffer>
  approve: boolean
}

export namespace VolunteerDecision {
  let _codec: Codec<VolunteerDecision>

  export const codec = (): Codec<VolunteerDecision> => {
    if (_codec == null) {
      _codec = message<VolunteerDecision>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.request != null && obj.request.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.request)
        }

        if ((obj.approve != null && obj.approve !== false)) {
          w.uint32(16)
          w.bool(obj.approve)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          request: uint8ArrayAlloc(0),
          approve: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.request = reader.bytes()
              break
            }
            case 2: {
              obj.approve = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.request`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.approve`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface VolunteerDecisionRequestFieldEvent {
    field: '$.request'
    value: Uint8Array<ArrayBuffer>
  }

  export interface VolunteerDecisionApproveFieldEvent {
    field: '$.approve'
    value: boolean
  }

  export function encode (obj: Partial<VolunteerDecision>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, VolunteerDecision.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VolunteerDecision>): VolunteerDecision {
    return decodeMessage(buf, VolunteerDecision.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VolunteerDecision>): Generator<VolunteerDecisionRequestFieldEvent | VolunteerDecisionApproveFieldEvent> {
    return streamMessage(buf, VolunteerDecision.codec(), opts)
  }
}

export interface Takeover {
  failed: Uint8Array<ArrayBuffer>
  resume: boolean
  since: Uint8Array<ArrayBuffer>
}

export namespace Takeover {
  let _codec: Codec<Takeover>

  export const codec = (): Codec<Takeover> => {
    if (_codec == null) {
      _codec = message<Takeover>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.failed != null && obj.failed.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.failed)
        }

        if ((obj.resume != null && obj.resume !== false)) {
          w.uint32(16)
          w.bool(obj.resume)
        }

        if ((obj.since != null && obj.since.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.since)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          failed: uint8ArrayAlloc(0),
          resume: false,
          since: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.failed = reader.bytes()
              break
            }
            case 2: {
              obj.resume = reader.bool()
              break
            }
            case 3: {
              obj.since = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.failed`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.resume`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.since`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TakeoverFailedFieldEvent {
    field: '$.failed'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TakeoverResumeFieldEvent {
    field: '$.resume'
    value: boolean
  }

  export interface TakeoverSinceFieldEvent {
    field: '$.since'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Takeover>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Takeover.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Takeover>): Takeover {
    return decodeMessage(buf, Takeover.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Takeover>): Generator<TakeoverFailedFieldEvent | TakeoverResumeFieldEvent | TakeoverSinceFieldEvent> {
    return streamMessage(buf, Takeover.codec(), opts)
  }
}

export interface Invite {
  version: number
  federation: Uint8Array<ArrayBuffer>
  id: Uint8Array<ArrayBuffer>
  network: string
  expiresMs: number
}

export namespace Invite {
  let _codec: Codec<Invite>

  export const codec = (): Codec<Invite> => {
    if (_codec == null) {
      _codec = message<Invite>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.federation)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.id)
        }

        if ((obj.network != null && obj.network !== '')) {
          w.uint32(34)
          w.string(obj.network)
        }

        if ((obj.expiresMs != null && obj.expiresMs !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.expiresMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          federation: uint8ArrayAlloc(0),
          id: uint8ArrayAlloc(0),
          network: '',
          expiresMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.federation = reader.bytes()
              break
            }
            case 3: {
              obj.id = reader.bytes()
              break
            }
            case 4: {
              obj.network = reader.string()
              break
            }
            case 5: {
              obj.expiresMs = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.network`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.expiresMs`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface InviteVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface InviteFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InviteIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InviteNetworkFieldEvent {
    field: '$.network'
    value: string
  }

  export interface InviteExpiresMsFieldEvent {
    field: '$.expiresMs'
    value: number
  }

  export function encode (obj: Partial<Invite>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Invite.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Invite>): Invite {
    return decodeMessage(buf, Invite.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Invite>): Generator<InviteVersionFieldEvent | InviteFederationFieldEvent | InviteIdFieldEvent | InviteNetworkFieldEvent | InviteExpiresMsFieldEvent> {
    return streamMessage(buf, Invite.codec(), opts)
  }
}

export interface JoinRequest {
  version: number
  request: Uint8Array<ArrayBuffer>
}

export namespace JoinRequest {
  let _codec: Codec<JoinRequest>

  export const codec = (): Codec<JoinRequest> => {
    if (_codec == null) {
      _codec = message<JoinRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.request != null && obj.request.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.request)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          request: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.request = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.request`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface JoinRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface JoinRequestRequestFieldEvent {
    field: '$.request'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<JoinRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JoinRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinRequest>): JoinRequest {
    return decodeMessage(buf, JoinRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinRequest>): Generator<JoinRequestVersionFieldEvent | JoinRequestRequestFieldEvent> {
    return streamMessage(buf, JoinRequest.codec(), opts)
  }
}

export interface JoinRequestBody {
  version: number
  federation: Uint8Array<ArrayBuffer>
  network: string
  hostname: string
  invite: Uint8Array<ArrayBuffer>
  wallMs: number
}

export namespace JoinRequestBody {
  let _codec: Codec<JoinRequestBody>

  export const codec = (): Codec<JoinRequestBody> => {
    if (_codec == null) {
      _codec = message<JoinRequestBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.federation)
        }

        if ((obj.network != null && obj.network !== '')) {
          w.uint32(26)
          w.string(obj.network)
        }

        if ((obj.hostname != null && obj.hostname !== '')) {
          w.uint32(34)
          w.string(obj.hostname)
        }

        if ((obj.invite != null && obj.invite.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.invite)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.wallMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          federation: uint8ArrayAlloc(0),
          network: '',
          hostname: '',
          invite: uint8ArrayAlloc(0),
          wallMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.federation = reader.bytes()
              break
            }
            case 3: {
              obj.network = reader.string()
              break
            }
            case 4: {
              obj.hostname = reader.string()
              break
            }
            case 5: {
              obj.invite = reader.bytes()
              break
            }
            case 6: {
              obj.wallMs = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.network`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.hostname`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.invite`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface JoinRequestBodyVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface JoinRequestBodyFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JoinRequestBodyNetworkFieldEvent {
    field: '$.network'
    value: string
  }

  export interface JoinRequestBodyHostnameFieldEvent {
    field: '$.hostname'
    value: string
  }

  export interface JoinRequestBodyInviteFieldEvent {
    field: '$.invite'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JoinRequestBodyWallMsFieldEvent {
    field: '$.wallMs'
    value: number
  }

  export function encode (obj: Partial<JoinRequestBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JoinRequestBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinRequestBody>): JoinRequestBody {
    return decodeMessage(buf, JoinRequestBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinRequestBody>): Generator<JoinRequestBodyVersionFieldEvent | JoinRequestBodyFederationFieldEvent | JoinRequestBodyNetworkFieldEvent | JoinRequestBodyHostnameFieldEvent | JoinRequestBodyInviteFieldEvent | JoinRequestBodyWallMsFieldEvent> {
    return streamMessage(buf, JoinRequestBody.codec(), opts)
  }
}

export interface JoinResponse {
  version: number
  status: number
  reason: string
  genesis: Uint8Array<ArrayBuffer>
  federation: Uint8Array<ArrayBuffer>
}

export namespace JoinResponse {
  let _codec: Codec<JoinResponse>

  export const codec = (): Codec<JoinResponse> => {
    if (_codec == null) {
      _codec = message<JoinResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.status != null && obj.status !== 0)) {
          w.uint32(16)
          w.uint32(obj.status)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(26)
          w.string(obj.reason)
        }

        if ((obj.genesis != null && obj.genesis.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.genesis)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.federation)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          status: 0,
          reason: '',
          genesis: uint8ArrayAlloc(0),
          federation: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.status = reader.uint32()
              break
            }
            case 3: {
              obj.reason = reader.string()
              break
            }
            case 4: {
              obj.genesis = reader.bytes()
              break
            }
            case 5: {
              obj.federation = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.status`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.genesis`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface JoinResponseVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface JoinResponseStatusFieldEvent {
    field: '$.status'
    value: number
  }

  export interface JoinResponseReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface JoinResponseGenesisFieldEvent {
    field: '$.genesis'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JoinResponseFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<JoinResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JoinResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinResponse>): JoinResponse {
    return decodeMessage(buf, JoinResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JoinResponse>): Generator<JoinResponseVersionFieldEvent | JoinResponseStatusFieldEvent | JoinResponseReasonFieldEvent | JoinResponseGenesisFieldEvent | JoinResponseFederationFieldEvent> {
    return streamMessage(buf, JoinResponse.codec(), opts)
  }
}

export interface GenesisFile {
  version: number
  genesis: Uint8Array<ArrayBuffer>
  approvals: Uint8Array<ArrayBuffer>[]
}

export namespace GenesisFile {
  let _codec: Codec<GenesisFile>

  export const codec = (): Codec<GenesisFile> => {
    if (_codec == null) {
      _codec = message<GenesisFile>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.genesis != null && obj.genesis.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.genesis)
        }

        if (obj.approvals != null && obj.approvals.length > 0) {
          for (const value of obj.approvals) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          genesis: uint8ArrayAlloc(0),
          approvals: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.genesis = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.approvals != null && obj.approvals.length === opts.limits.approvals) {
                throw new MaxLengthError('Decode error - repeated field "approvals" had too many elements')
              }

              obj.approvals.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          approvals: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.genesis`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.approvals != null && obj.approvals === opts.limits.approvals) {
                throw new MaxLengthError('Streaming decode error - repeated field "approvals" had too many elements')
              }

              yield {
                field: `${prefix}.approvals[]`,
                index: obj.approvals,
                value: reader.bytes()
              }

              obj.approvals++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GenesisFileVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GenesisFileGenesisFieldEvent {
    field: '$.genesis'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GenesisFileApprovalsFieldEvent {
    field: '$.approvals[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GenesisFile>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GenesisFile.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GenesisFile>): GenesisFile {
    return decodeMessage(buf, GenesisFile.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GenesisFile>): Generator<GenesisFileVersionFieldEvent | GenesisFileGenesisFieldEvent | GenesisFileApprovalsFieldEvent> {
    return streamMessage(buf, GenesisFile.codec(), opts)
  }
}

export interface WaveAnnounce {
  channel: string
  version: number
  content?: ContentDescriptor
  expiresMs: number
  targetTags: string[]
  targetNodes: Uint8Array<ArrayBuffer>[]
  princessFirst: boolean
}

export namespace WaveAnnounce {
  let _codec: Codec<WaveAnnounce>

  export const codec = (): Codec<WaveAnnounce> => {
    if (_codec == null) {
      _codec = message<WaveAnnounce>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.channel != null && obj.channel !== '')) {
          w.uint32(10)
          w.string(obj.channel)
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.version)
        }

        if (obj.content != null) {
          w.uint32(26)
          ContentDescriptor.codec().encode(obj.content, w)
        }

        if ((obj.expiresMs != null && obj.expiresMs !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.expiresMs)
        }

        if (obj.targetTags != null && obj.targetTags.length > 0) {
          for (const value of obj.targetTags) {
            w.uint32(42)
            w.string(value)
          }
        }

        if (obj.targetNodes != null && obj.targetNodes.length > 0) {
          for (const value of obj.targetNodes) {
            w.uint32(50)
            w.bytes(value)
          }
        }

        if ((obj.princessFirst != null && obj.princessFirst !== false)) {
          w.uint32(56)
          w.bool(obj.princessFirst)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          channel: '',
          version: 0,
          expiresMs: 0,
          targetTags: [],
          targetNodes: [],
          princessFirst: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.channel = reader.string()
              break
            }
            case 2: {
              obj.version = reader.uint64Number()
              break
            }
            case 3: {
              obj.content = ContentDescriptor.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.content
              })
              break
            }
            case 4: {
              obj.expiresMs = reader.uint64Number()
              break
            }
            case 5: {
              if (opts.limits?.targetTags != null && obj.targetTags.length === opts.limits.targetTags) {
                throw new MaxLengthError('Decode error - repeated field "targetTags" had too many elements')
              }

              obj.targetTags.push(reader.string())
              break
            }
            case 6: {
              if (opts.limits?.targetNodes != null && obj.targetNodes.length === opts.limits.targetNodes) {
                throw new MaxLengthError('Decode error - repeated field "targetNodes" had too many elements')
              }

              obj.targetNodes.push(reader.bytes())
              break
            }
            case 7: {
              obj.princessFirst = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          targetTags: 0,
          targetNodes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.channel`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield * ContentDescriptor.codec().stream(reader, reader.uint32(), `${prefix}.content`, {
                limits: opts.limits?.content
              })

              break
            }
            case 4: {
              yield {
                field: `${prefix}.expiresMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              if (opts.limits?.targetTags != null && obj.targetTags === opts.limits.targetTags) {
                throw new MaxLengthError('Streaming decode error - repeated field "targetTags" had too many elements')
              }

              yield {
                field: `${prefix}.targetTags[]`,
                index: obj.targetTags,
                value: reader.string()
              }

              obj.targetTags++

              break
            }
            case 6: {
              if (opts.limits?.targetNodes != null && obj.targetNodes === opts.limits.targetNodes) {
                throw new MaxLengthError('Streaming decode error - repeated field "targetNodes" had too many elements')
              }

              yield {
                field: `${prefix}.targetNodes[]`,
                index: obj.targetNodes,
                value: reader.bytes()
              }

              obj.targetNodes++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.princessFirst`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface WaveAnnounceChannelFieldEvent {
    field: '$.channel'
    value: string
  }

  export interface WaveAnnounceVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface WaveAnnounceContentModuleFieldEvent {
    field: '$.content.module'
    value: string
  }

  export interface WaveAnnounceContentSizeFieldEvent {
    field: '$.content.size'
    value: number
  }

  export interface WaveAnnounceContentSha256FieldEvent {
    field: '$.content.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface WaveAnnounceContentNameFieldEvent {
    field: '$.content.name'
    value: string
  }

  export interface WaveAnnounceContentManifestSizeFieldEvent {
    field: '$.content.manifestSize'
    value: number
  }

  export interface WaveAnnounceContentSourceFieldEvent {
    field: '$.content.source'
    value: string
  }

  export interface WaveAnnounceContentRefFieldEvent {
    field: '$.content.ref'
    value: string
  }

  export interface WaveAnnounceExpiresMsFieldEvent {
    field: '$.expiresMs'
    value: number
  }

  export interface WaveAnnounceTargetTagsFieldEvent {
    field: '$.targetTags[]'
    index: number
    value: string
  }

  export interface WaveAnnounceTargetNodesFieldEvent {
    field: '$.targetNodes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface WaveAnnouncePrincessFirstFieldEvent {
    field: '$.princessFirst'
    value: boolean
  }

  export function encode (obj: Partial<WaveAnnounce>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WaveAnnounce.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WaveAnnounce>): WaveAnnounce {
    return decodeMessage(buf, WaveAnnounce.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WaveAnnounce>): Generator<WaveAnnounceChannelFieldEvent | WaveAnnounceVersionFieldEvent | WaveAnnounceContentModuleFieldEvent | WaveAnnounceContentSizeFieldEvent | WaveAnnounceContentSha256FieldEvent | WaveAnnounceContentNameFieldEvent | WaveAnnounceContentManifestSizeFieldEvent | WaveAnnounceContentSourceFieldEvent | WaveAnnounceContentRefFieldEvent | WaveAnnounceExpiresMsFieldEvent | WaveAnnounceTargetTagsFieldEvent | WaveAnnounceTargetNodesFieldEvent | WaveAnnouncePrincessFirstFieldEvent> {
    return streamMessage(buf, WaveAnnounce.codec(), opts)
  }
}

export interface ContentDescriptor {
  module: string
  size: number
  sha256: Uint8Array<ArrayBuffer>
  name: string
  manifestSize?: number
  source?: string
  ref?: string
}

export namespace ContentDescriptor {
  let _codec: Codec<ContentDescriptor>

  export const codec = (): Codec<ContentDescriptor> => {
    if (_codec == null) {
      _codec = message<ContentDescriptor>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.module != null && obj.module !== '')) {
          w.uint32(10)
          w.string(obj.module)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.size)
        }

        if ((obj.sha256 != null && obj.sha256.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.sha256)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(34)
          w.string(obj.name)
        }

        if (obj.manifestSize != null) {
          w.uint32(40)
          w.uint64Number(obj.manifestSize)
        }

        if (obj.source != null) {
          w.uint32(50)
          w.string(obj.source)
        }

        if (obj.ref != null) {
          w.uint32(58)
          w.string(obj.ref)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          module: '',
          size: 0,
          sha256: uint8ArrayAlloc(0),
          name: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.module = reader.string()
              break
            }
            case 2: {
              obj.size = reader.uint64Number()
              break
            }
            case 3: {
              obj.sha256 = reader.bytes()
              break
            }
            case 4: {
              obj.name = reader.string()
              break
            }
            case 5: {
              obj.manifestSize = reader.uint64Number()
              break
            }
            case 6: {
              obj.source = reader.string()
              break
            }
            case 7: {
              obj.ref = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.module`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.sha256`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.manifestSize`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.source`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.ref`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ContentDescriptorModuleFieldEvent {
    field: '$.module'
    value: string
  }

  export interface ContentDescriptorSizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface ContentDescriptorSha256FieldEvent {
    field: '$.sha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ContentDescriptorNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface ContentDescriptorManifestSizeFieldEvent {
    field: '$.manifestSize'
    value: number
  }

  export interface ContentDescriptorSourceFieldEvent {
    field: '$.source'
    value: string
  }

  export interface ContentDescriptorRefFieldEvent {
    field: '$.ref'
    value: string
  }

  export function encode (obj: Partial<ContentDescriptor>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ContentDescriptor.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContentDescriptor>): ContentDescriptor {
    return decodeMessage(buf, ContentDescriptor.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContentDescriptor>): Generator<ContentDescriptorModuleFieldEvent | ContentDescriptorSizeFieldEvent | ContentDescriptorSha256FieldEvent | ContentDescriptorNameFieldEvent | ContentDescriptorManifestSizeFieldEvent | ContentDescriptorSourceFieldEvent | ContentDescriptorRefFieldEvent> {
    return streamMessage(buf, ContentDescriptor.codec(), opts)
  }
}

export interface CatchupRequest {
  version: number
  federation: Uint8Array<ArrayBuffer>
  buckets: Bucket[]
}

export namespace CatchupRequest {
  let _codec: Codec<CatchupRequest>

  export const codec = (): Codec<CatchupRequest> => {
    if (_codec == null) {
      _codec = message<CatchupRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.federation)
        }

        if (obj.buckets != null && obj.buckets.length > 0) {
          for (const value of obj.buckets) {
            w.uint32(26)
            Bucket.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          federation: uint8ArrayAlloc(0),
          buckets: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.federation = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.buckets != null && obj.buckets.length === opts.limits.buckets) {
                throw new MaxLengthError('Decode error - repeated field "buckets" had too many elements')
              }

              obj.buckets.push(Bucket.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.buckets$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          buckets: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.buckets != null && obj.buckets === opts.limits.buckets) {
                throw new MaxLengthError('Streaming decode error - repeated field "buckets" had too many elements')
              }

              for (const evt of Bucket.codec().stream(reader, reader.uint32(), `${prefix}.buckets[]`, {
                limits: opts.limits?.buckets$
              })) {
                yield {
                  ...evt,
                  index: obj.buckets
                }
              }

              obj.buckets++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CatchupRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface CatchupRequestFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CatchupRequestBucketsStartFieldEvent {
    field: '$.buckets[].start'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface CatchupRequestBucketsCountFieldEvent {
    field: '$.buckets[].count'
    value: number
    index: number
  }

  export interface CatchupRequestBucketsFingerprintFieldEvent {
    field: '$.buckets[].fingerprint'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<CatchupRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CatchupRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CatchupRequest>): CatchupRequest {
    return decodeMessage(buf, CatchupRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CatchupRequest>): Generator<CatchupRequestVersionFieldEvent | CatchupRequestFederationFieldEvent | CatchupRequestBucketsStartFieldEvent | CatchupRequestBucketsCountFieldEvent | CatchupRequestBucketsFingerprintFieldEvent> {
    return streamMessage(buf, CatchupRequest.codec(), opts)
  }
}

export interface Bucket {
  start: Uint8Array<ArrayBuffer>
  count: number
  fingerprint: Uint8Array<ArrayBuffer>
}

export namespace Bucket {
  let _codec: Codec<Bucket>

  export const codec = (): Codec<Bucket> => {
    if (_codec == null) {
      _codec = message<Bucket>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.start != null && obj.start.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.start)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(16)
          w.uint32(obj.count)
        }

        if ((obj.fingerprint != null && obj.fingerprint.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.fingerprint)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          start: uint8ArrayAlloc(0),
          count: 0,
          fingerprint: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.start = reader.bytes()
              break
            }
            case 2: {
              obj.count = reader.uint32()
              break
            }
            case 3: {
              obj.fingerprint = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.start`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.fingerprint`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface BucketStartFieldEvent {
    field: '$.start'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BucketCountFieldEvent {
    field: '$.count'
    value: number
  }

  export interface BucketFingerprintFieldEvent {
    field: '$.fingerprint'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Bucket>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Bucket.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bucket>): Bucket {
    return decodeMessage(buf, Bucket.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bucket>): Generator<BucketStartFieldEvent | BucketCountFieldEvent | BucketFingerprintFieldEvent> {
    return streamMessage(buf, Bucket.codec(), opts)
  }
}

export interface CatchupResponse {
  version: number
  envelopes: Uint8Array<ArrayBuffer>[]
  done: boolean
  error: string
}

export namespace CatchupResponse {
  let _codec: Codec<CatchupResponse>

  export const codec = (): Codec<CatchupResponse> => {
    if (_codec == null) {
      _codec = message<CatchupResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if (obj.envelopes != null && obj.envelopes.length > 0) {
          for (const value of obj.envelopes) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if ((obj.done != null && obj.done !== false)) {
          w.uint32(24)
          w.bool(obj.done)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(34)
          w.string(obj.error)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          envelopes: [],
          done: false,
          error: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              if (opts.limits?.envelopes != null && obj.envelopes.length === opts.limits.envelopes) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              obj.envelopes.push(reader.bytes())
              break
            }
            case 3: {
              obj.done = reader.bool()
              break
            }
            case 4: {
              obj.error = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          envelopes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              if (opts.limits?.envelopes != null && obj.envelopes === opts.limits.envelopes) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              yield {
                field: `${prefix}.envelopes[]`,
                index: obj.envelopes,
                value: reader.bytes()
              }

              obj.envelopes++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.done`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CatchupResponseVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface CatchupResponseEnvelopesFieldEvent {
    field: '$.envelopes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface CatchupResponseDoneFieldEvent {
    field: '$.done'
    value: boolean
  }

  export interface CatchupResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export function encode (obj: Partial<CatchupResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CatchupResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CatchupResponse>): CatchupResponse {
    return decodeMessage(buf, CatchupResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CatchupResponse>): Generator<CatchupResponseVersionFieldEvent | CatchupResponseEnvelopesFieldEvent | CatchupResponseDoneFieldEvent | CatchupResponseErrorFieldEvent> {
    return streamMessage(buf, CatchupResponse.codec(), opts)
  }
}

export interface TreeManifest {
  version: number
  chunkSize: number
  entries: TreeEntry[]
}

export namespace TreeManifest {
  let _codec: Codec<TreeManifest>

  export const codec = (): Codec<TreeManifest> => {
    if (_codec == null) {
      _codec = message<TreeManifest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.chunkSize != null && obj.chunkSize !== 0)) {
          w.uint32(16)
          w.uint32(obj.chunkSize)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(26)
            TreeEntry.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          chunkSize: 0,
          entries: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.chunkSize = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(TreeEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          entries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.chunkSize`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of TreeEntry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TreeManifestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface TreeManifestChunkSizeFieldEvent {
    field: '$.chunkSize'
    value: number
  }

  export interface TreeManifestEntriesPathFieldEvent {
    field: '$.entries[].path'
    value: string
    index: number
  }

  export interface TreeManifestEntriesKindFieldEvent {
    field: '$.entries[].kind'
    value: number
    index: number
  }

  export interface TreeManifestEntriesModeFieldEvent {
    field: '$.entries[].mode'
    value: number
    index: number
  }

  export interface TreeManifestEntriesSizeFieldEvent {
    field: '$.entries[].size'
    value: number
    index: number
  }

  export interface TreeManifestEntriesChunksFieldEvent {
    field: '$.entries[].chunks[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface TreeManifestEntriesTargetFieldEvent {
    field: '$.entries[].target'
    value: string
    index: number
  }

  export function encode (obj: Partial<TreeManifest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TreeManifest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TreeManifest>): TreeManifest {
    return decodeMessage(buf, TreeManifest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TreeManifest>): Generator<TreeManifestVersionFieldEvent | TreeManifestChunkSizeFieldEvent | TreeManifestEntriesPathFieldEvent | TreeManifestEntriesKindFieldEvent | TreeManifestEntriesModeFieldEvent | TreeManifestEntriesSizeFieldEvent | TreeManifestEntriesChunksFieldEvent | TreeManifestEntriesTargetFieldEvent> {
    return streamMessage(buf, TreeManifest.codec(), opts)
  }
}

export interface TreeEntry {
  path: string
  kind: number
  mode: number
  size: number
  chunks: Uint8Array<ArrayBuffer>[]
  target: string
}

export namespace TreeEntry {
  let _codec: Codec<TreeEntry>

  export const codec = (): Codec<TreeEntry> => {
    if (_codec == null) {
      _codec = message<TreeEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.path != null && obj.path !== '')) {
          w.uint32(10)
          w.string(obj.path)
        }

        if ((obj.kind != null && obj.kind !== 0)) {
          w.uint32(16)
          w.uint32(obj.kind)
        }

        if ((obj.mode != null && obj.mode !== 0)) {
          w.uint32(24)
          w.uint32(obj.mode)
        }

        if ((obj.size != null && obj.size !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.size)
        }

        if (obj.chunks != null && obj.chunks.length > 0) {
          for (const value of obj.chunks) {
            w.uint32(42)
            w.bytes(value)
          }
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(50)
          w.string(obj.target)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          path: '',
          kind: 0,
          mode: 0,
          size: 0,
          chunks: [],
          target: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.path = reader.string()
              break
            }
            case 2: {
              obj.kind = reader.uint32()
              break
            }
            case 3: {
              obj.mode = reader.uint32()
              break
            }
            case 4: {
              obj.size = reader.uint64Number()
              break
            }
            case 5: {
              if (opts.limits?.chunks != null && obj.chunks.length === opts.limits.chunks) {
                throw new MaxLengthError('Decode error - repeated field "chunks" had too many elements')
              }

              obj.chunks.push(reader.bytes())
              break
            }
            case 6: {
              obj.target = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          chunks: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.path`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.kind`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.mode`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              if (opts.limits?.chunks != null && obj.chunks === opts.limits.chunks) {
                throw new MaxLengthError('Streaming decode error - repeated field "chunks" had too many elements')
              }

              yield {
                field: `${prefix}.chunks[]`,
                index: obj.chunks,
                value: reader.bytes()
              }

              obj.chunks++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TreeEntryPathFieldEvent {
    field: '$.path'
    value: string
  }

  export interface TreeEntryKindFieldEvent {
    field: '$.kind'
    value: number
  }

  export interface TreeEntryModeFieldEvent {
    field: '$.mode'
    value: number
  }

  export interface TreeEntrySizeFieldEvent {
    field: '$.size'
    value: number
  }

  export interface TreeEntryChunksFieldEvent {
    field: '$.chunks[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface TreeEntryTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export function encode (obj: Partial<TreeEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TreeEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TreeEntry>): TreeEntry {
    return decodeMessage(buf, TreeEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TreeEntry>): Generator<TreeEntryPathFieldEvent | TreeEntryKindFieldEvent | TreeEntryModeFieldEvent | TreeEntrySizeFieldEvent | TreeEntryChunksFieldEvent | TreeEntryTargetFieldEvent> {
    return streamMessage(buf, TreeEntry.codec(), opts)
  }
}

export interface ChunkRequest {
  version: number
  hashes: Uint8Array<ArrayBuffer>[]
}

export namespace ChunkRequest {
  let _codec: Codec<ChunkRequest>

  export const codec = (): Codec<ChunkRequest> => {
    if (_codec == null) {
      _codec = message<ChunkRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if (obj.hashes != null && obj.hashes.length > 0) {
          for (const value of obj.hashes) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          hashes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              if (opts.limits?.hashes != null && obj.hashes.length === opts.limits.hashes) {
                throw new MaxLengthError('Decode error - repeated field "hashes" had too many elements')
              }

              obj.hashes.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          hashes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              if (opts.limits?.hashes != null && obj.hashes === opts.limits.hashes) {
                throw new MaxLengthError('Streaming decode error - repeated field "hashes" had too many elements')
              }

              yield {
                field: `${prefix}.hashes[]`,
                index: obj.hashes,
                value: reader.bytes()
              }

              obj.hashes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ChunkRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface ChunkRequestHashesFieldEvent {
    field: '$.hashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ChunkRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ChunkRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChunkRequest>): ChunkRequest {
    return decodeMessage(buf, ChunkRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChunkRequest>): Generator<ChunkRequestVersionFieldEvent | ChunkRequestHashesFieldEvent> {
    return streamMessage(buf, ChunkRequest.codec(), opts)
  }
}

export interface ChunkResponse {
  version: number
  hash: Uint8Array<ArrayBuffer>
  data: Uint8Array<ArrayBuffer>
  missing: boolean
}

export namespace ChunkResponse {
  let _codec: Codec<ChunkResponse>

  export const codec = (): Codec<ChunkResponse> => {
    if (_codec == null) {
      _codec = message<ChunkResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.hash != null && obj.hash.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.hash)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.data)
        }

        if ((obj.missing != null && obj.missing !== false)) {
          w.uint32(32)
          w.bool(obj.missing)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          hash: uint8ArrayAlloc(0),
          data: uint8ArrayAlloc(0),
          missing: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.hash = reader.bytes()
              break
            }
            case 3: {
              obj.data = reader.bytes()
              break
            }
            case 4: {
              obj.missing = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.hash`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.missing`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ChunkResponseVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface ChunkResponseHashFieldEvent {
    field: '$.hash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChunkResponseDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChunkResponseMissingFieldEvent {
    field: '$.missing'
    value: boolean
  }

  export function encode (obj: Partial<ChunkResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ChunkResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChunkResponse>): ChunkResponse {
    return decodeMessage(buf, ChunkResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChunkResponse>): Generator<ChunkResponseVersionFieldEvent | ChunkResponseHashFieldEvent | ChunkResponseDataFieldEvent | ChunkResponseMissingFieldEvent> {
    return streamMessage(buf, ChunkResponse.codec(), opts)
  }
}

export interface Report {
  version: number
  federation: Uint8Array<ArrayBuffer>
  channel: string
  channelVersion: number
  wave: Uint8Array<ArrayBuffer>
  state: number
  bytes: number
  total: number
  fromPeers: number
  reason: string
  wallMs: number
}

export namespace Report {
  let _codec: Codec<Report>

  export const codec = (): Codec<Report> => {
    if (_codec == null) {
      _codec = message<Report>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.federation)
        }

        if ((obj.channel != null && obj.channel !== '')) {
          w.uint32(26)
          w.string(obj.channel)
        }

        if ((obj.channelVersion != null && obj.channelVersion !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.channelVersion)
        }

        if ((obj.wave != null && obj.wave.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.wave)
        }

        if ((obj.state != null && obj.state !== 0)) {
          w.uint32(48)
          w.uint32(obj.state)
        }

        if ((obj.bytes != null && obj.bytes !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.bytes)
        }

        if ((obj.total != null && obj.total !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.total)
        }

        if ((obj.fromPeers != null && obj.fromPeers !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.fromPeers)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(82)
          w.string(obj.reason)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0)) {
          w.uint32(88)
          w.uint64Number(obj.wallMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          federation: uint8ArrayAlloc(0),
          channel: '',
          channelVersion: 0,
          wave: uint8ArrayAlloc(0),
          state: 0,
          bytes: 0,
          total: 0,
          fromPeers: 0,
          reason: '',
          wallMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.federation = reader.bytes()
              break
            }
            case 3: {
              obj.channel = reader.string()
              break
            }
            case 4: {
              obj.channelVersion = reader.uint64Number()
              break
            }
            case 5: {
              obj.wave = reader.bytes()
              break
            }
            case 6: {
              obj.state = reader.uint32()
              break
            }
            case 7: {
              obj.bytes = reader.uint64Number()
              break
            }
            case 8: {
              obj.total = reader.uint64Number()
              break
            }
            case 9: {
              obj.fromPeers = reader.uint64Number()
              break
            }
            case 10: {
              obj.reason = reader.string()
              break
            }
            case 11: {
              obj.wallMs = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.channel`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.channelVersion`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.wave`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.state`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.bytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.total`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.fromPeers`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReportVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface ReportFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportChannelFieldEvent {
    field: '$.channel'
    value: string
  }

  export interface ReportChannelVersionFieldEvent {
    field: '$.channelVersion'
    value: number
  }

  export interface ReportWaveFieldEvent {
    field: '$.wave'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportStateFieldEvent {
    field: '$.state'
    value: number
  }

  export interface ReportBytesFieldEvent {
    field: '$.bytes'
    value: number
  }

  export interface ReportTotalFieldEvent {
    field: '$.total'
    value: number
  }

  export interface ReportFromPeersFieldEvent {
    field: '$.fromPeers'
    value: number
  }

  export interface ReportReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface ReportWallMsFieldEvent {
    field: '$.wallMs'
    value: number
  }

  export function encode (obj: Partial<Report>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Report.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Report>): Report {
    return decodeMessage(buf, Report.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Report>): Generator<ReportVersionFieldEvent | ReportFederationFieldEvent | ReportChannelFieldEvent | ReportChannelVersionFieldEvent | ReportWaveFieldEvent | ReportStateFieldEvent | ReportBytesFieldEvent | ReportTotalFieldEvent | ReportFromPeersFieldEvent | ReportReasonFieldEvent | ReportWallMsFieldEvent> {
    return streamMessage(buf, Report.codec(), opts)
  }
}

export interface HealthRequest {
  version: number
  federation: Uint8Array<ArrayBuffer>
  wallMs: number
}

export namespace HealthRequest {
  let _codec: Codec<HealthRequest>

  export const codec = (): Codec<HealthRequest> => {
    if (_codec == null) {
      _codec = message<HealthRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.federation)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.wallMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          federation: uint8ArrayAlloc(0),
          wallMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.federation = reader.bytes()
              break
            }
            case 3: {
              obj.wallMs = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface HealthRequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface HealthRequestFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HealthRequestWallMsFieldEvent {
    field: '$.wallMs'
    value: number
  }

  export function encode (obj: Partial<HealthRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HealthRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HealthRequest>): HealthRequest {
    return decodeMessage(buf, HealthRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HealthRequest>): Generator<HealthRequestVersionFieldEvent | HealthRequestFederationFieldEvent | HealthRequestWallMsFieldEvent> {
    return streamMessage(buf, HealthRequest.codec(), opts)
  }
}

export interface AppliedVersion {
  channel: string
  version: number
}

export namespace AppliedVersion {
  let _codec: Codec<AppliedVersion>

  export const codec = (): Codec<AppliedVersion> => {
    if (_codec == null) {
      _codec = message<AppliedVersion>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.channel != null && obj.channel !== '')) {
          w.uint32(10)
          w.string(obj.channel)
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.version)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          channel: '',
          version: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.channel = reader.string()
              break
            }
            case 2: {
              obj.version = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.channel`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AppliedVersionChannelFieldEvent {
    field: '$.channel'
    value: string
  }

  export interface AppliedVersionVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export function encode (obj: Partial<AppliedVersion>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AppliedVersion.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppliedVersion>): AppliedVersion {
    return decodeMessage(buf, AppliedVersion.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppliedVersion>): Generator<AppliedVersionChannelFieldEvent | AppliedVersionVersionFieldEvent> {
    return streamMessage(buf, AppliedVersion.codec(), opts)
  }
}

export interface HealthReport {
  version: number
  federation: Uint8Array<ArrayBuffer>
  wallMs: number
  uptimeMs: number
  load1: number
  load5: number
  load15: number
  processCpu: number
  rssBytes: number
  memFreeBytes: number
  memTotalBytes: number
  diskFreeBytes: number
  diskTotalBytes: number
  logEntries: number
  logNewestMs: number
  applied: AppliedVersion[]
  peers: number
}

export namespace HealthReport {
  let _codec: Codec<HealthReport>

  export const codec = (): Codec<HealthReport> => {
    if (_codec == null) {
      _codec = message<HealthReport>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.federation)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.wallMs)
        }

        if ((obj.uptimeMs != null && obj.uptimeMs !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.uptimeMs)
        }

        if ((obj.load1 != null && obj.load1 !== 0)) {
          w.uint32(41)
          w.double(obj.load1)
        }

        if ((obj.load5 != null && obj.load5 !== 0)) {
          w.uint32(49)
          w.double(obj.load5)
        }

        if ((obj.load15 != null && obj.load15 !== 0)) {
          w.uint32(57)
          w.double(obj.load15)
        }

        if ((obj.processCpu != null && obj.processCpu !== 0)) {
          w.uint32(65)
          w.double(obj.processCpu)
        }

        if ((obj.rssBytes != null && obj.rssBytes !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.rssBytes)
        }

        if ((obj.memFreeBytes != null && obj.memFreeBytes !== 0)) {
          w.uint32(80)
          w.uint64Number(obj.memFreeBytes)
        }

        if ((obj.memTotalBytes != null && obj.memTotalBytes !== 0)) {
          w.uint32(88)
          w.uint64Number(obj.memTotalBytes)
        }

        if ((obj.diskFreeBytes != null && obj.diskFreeBytes !== 0)) {
          w.uint32(96)
          w.uint64Number(obj.diskFreeBytes)
        }

        if ((obj.diskTotalBytes != null && obj.diskTotalBytes !== 0)) {
          w.uint32(104)
          w.uint64Number(obj.diskTotalBytes)
        }

        if ((obj.logEntries != null && obj.logEntries !== 0)) {
          w.uint32(112)
          w.uint64Number(obj.logEntries)
        }

        if ((obj.logNewestMs != null && obj.logNewestMs !== 0)) {
          w.uint32(120)
          w.uint64Number(obj.logNewestMs)
        }

        if (obj.applied != null && obj.applied.length > 0) {
          for (const value of obj.applied) {
            w.uint32(130)
            AppliedVersion.codec().encode(value, w)
          }
        }

        if ((obj.peers != null && obj.peers !== 0)) {
          w.uint32(136)
          w.uint32(obj.peers)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          federation: uint8ArrayAlloc(0),
          wallMs: 0,
          uptimeMs: 0,
          load1: 0,
          load5: 0,
          load15: 0,
          processCpu: 0,
          rssBytes: 0,
          memFreeBytes: 0,
          memTotalBytes: 0,
          diskFreeBytes: 0,
          diskTotalBytes: 0,
          logEntries: 0,
          logNewestMs: 0,
          applied: [],
          peers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.federation = reader.bytes()
              break
            }
            case 3: {
              obj.wallMs = reader.uint64Number()
              break
            }
            case 4: {
              obj.uptimeMs = reader.uint64Number()
              break
            }
            case 5: {
              obj.load1 = reader.double()
              break
            }
            case 6: {
              obj.load5 = reader.double()
              break
            }
            case 7: {
              obj.load15 = reader.double()
              break
            }
            case 8: {
              obj.processCpu = reader.double()
              break
            }
            case 9: {
              obj.rssBytes = reader.uint64Number()
              break
            }
            case 10: {
              obj.memFreeBytes = reader.uint64Number()
              break
            }
            case 11: {
              obj.memTotalBytes = reader.uint64Number()
              break
            }
            case 12: {
              obj.diskFreeBytes = reader.uint64Number()
              break
            }
            case 13: {
              obj.diskTotalBytes = reader.uint64Number()
              break
            }
            case 14: {
              obj.logEntries = reader.uint64Number()
              break
            }
            case 15: {
              obj.logNewestMs = reader.uint64Number()
              break
            }
            case 16: {
              if (opts.limits?.applied != null && obj.applied.length === opts.limits.applied) {
                throw new MaxLengthError('Decode error - repeated field "applied" had too many elements')
              }

              obj.applied.push(AppliedVersion.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.applied$
              }))
              break
            }
            case 17: {
              obj.peers = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          applied: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.uptimeMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.load1`,
                value: reader.double()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.load5`,
                value: reader.double()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.load15`,
                value: reader.double()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.processCpu`,
                value: reader.double()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.rssBytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.memFreeBytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.memTotalBytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.diskFreeBytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.diskTotalBytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.logEntries`,
                value: reader.uint64Number()
              }
              break
            }
            case 15: {
              yield {
                field: `${prefix}.logNewestMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 16: {
              if (opts.limits?.applied != null && obj.applied === opts.limits.applied) {
                throw new MaxLengthError('Streaming decode error - repeated field "applied" had too many elements')
              }

              for (const evt of AppliedVersion.codec().stream(reader, reader.uint32(), `${prefix}.applied[]`, {
                limits: opts.limits?.applied$
              })) {
                yield {
                  ...evt,
                  index: obj.applied
                }
              }

              obj.applied++

              break
            }
            case 17: {
              yield {
                field: `${prefix}.peers`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface HealthReportVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface HealthReportFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HealthReportWallMsFieldEvent {
    field: '$.wallMs'
    value: number
  }

  export interface HealthReportUptimeMsFieldEvent {
    field: '$.uptimeMs'
    value: number
  }

  export interface HealthReportLoad1FieldEvent {
    field: '$.load1'
    value: number
  }

  export interface HealthReportLoad5FieldEvent {
    field: '$.load5'
    value: number
  }

  export interface HealthReportLoad15FieldEvent {
    field: '$.load15'
    value: number
  }

  export interface HealthReportProcessCpuFieldEvent {
    field: '$.processCpu'
    value: number
  }

  export interface HealthReportRssBytesFieldEvent {
    field: '$.rssBytes'
    value: number
  }

  export interface HealthReportMemFreeBytesFieldEvent {
    field: '$.memFreeBytes'
    value: number
  }

  export interface HealthReportMemTotalBytesFieldEvent {
    field: '$.memTotalBytes'
    value: number
  }

  export interface HealthReportDiskFreeBytesFieldEvent {
    field: '$.diskFreeBytes'
    value: number
  }

  export interface HealthReportDiskTotalBytesFieldEvent {
    field: '$.diskTotalBytes'
    value: number
  }

  export interface HealthReportLogEntriesFieldEvent {
    field: '$.logEntries'
    value: number
  }

  export interface HealthReportLogNewestMsFieldEvent {
    field: '$.logNewestMs'
    value: number
  }

  export interface HealthReportAppliedChannelFieldEvent {
    field: '$.applied[].channel'
    value: string
    index: number
  }

  export interface HealthReportAppliedVersionFieldEvent {
    field: '$.applied[].version'
    value: number
    index: number
  }

  export interface HealthReportPeersFieldEvent {
    field: '$.peers'
    value: number
  }

  export function encode (obj: Partial<HealthReport>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HealthReport.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HealthReport>): HealthReport {
    return decodeMessage(buf, HealthReport.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HealthReport>): Generator<HealthReportVersionFieldEvent | HealthReportFederationFieldEvent | HealthReportWallMsFieldEvent | HealthReportUptimeMsFieldEvent | HealthReportLoad1FieldEvent | HealthReportLoad5FieldEvent | HealthReportLoad15FieldEvent | HealthReportProcessCpuFieldEvent | HealthReportRssBytesFieldEvent | HealthReportMemFreeBytesFieldEvent | HealthReportMemTotalBytesFieldEvent | HealthReportDiskFreeBytesFieldEvent | HealthReportDiskTotalBytesFieldEvent | HealthReportLogEntriesFieldEvent | HealthReportLogNewestMsFieldEvent | HealthReportAppliedChannelFieldEvent | HealthReportAppliedVersionFieldEvent | HealthReportPeersFieldEvent> {
    return streamMessage(buf, HealthReport.codec(), opts)
  }
}

export interface MemberHealth {
  node: Uint8Array<ArrayBuffer>
  state: number
  lastSeenMs: number
  rttMs: number
  lagEntries: number
  report?: HealthReport
}

export namespace MemberHealth {
  let _codec: Codec<MemberHealth>

  export const codec = (): Codec<MemberHealth> => {
    if (_codec == null) {
      _codec = message<MemberHealth>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.node != null && obj.node.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.node)
        }

        if ((obj.state != null && obj.state !== 0)) {
          w.uint32(16)
          w.uint32(obj.state)
        }

        if ((obj.lastSeenMs != null && obj.lastSeenMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.lastSeenMs)
        }

        if ((obj.rttMs != null && obj.rttMs !== 0)) {
          w.uint32(32)
          w.uint32(obj.rttMs)
        }

        if ((obj.lagEntries != null && obj.lagEntries !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.lagEntries)
        }

        if (obj.report != null) {
          w.uint32(50)
          HealthReport.codec().encode(obj.report, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          node: uint8ArrayAlloc(0),
          state: 0,
          lastSeenMs: 0,
          rttMs: 0,
          lagEntries: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.node = reader.bytes()
              break
            }
            case 2: {
              obj.state = reader.uint32()
              break
            }
            case 3: {
              obj.lastSeenMs = reader.uint64Number()
              break
            }
            case 4: {
              obj.rttMs = reader.uint32()
              break
            }
            case 5: {
              obj.lagEntries = reader.uint64Number()
              break
            }
            case 6: {
              obj.report = HealthReport.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.report
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.node`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.state`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.lastSeenMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.rttMs`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.lagEntries`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield * HealthReport.codec().stream(reader, reader.uint32(), `${prefix}.report`, {
                limits: opts.limits?.report
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MemberHealthNodeFieldEvent {
    field: '$.node'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MemberHealthStateFieldEvent {
    field: '$.state'
    value: number
  }

  export interface MemberHealthLastSeenMsFieldEvent {
    field: '$.lastSeenMs'
    value: number
  }

  export interface MemberHealthRttMsFieldEvent {
    field: '$.rttMs'
    value: number
  }

  export interface MemberHealthLagEntriesFieldEvent {
    field: '$.lagEntries'
    value: number
  }

  export interface MemberHealthReportVersionFieldEvent {
    field: '$.report.version'
    value: number
  }

  export interface MemberHealthReportFederationFieldEvent {
    field: '$.report.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MemberHealthReportWallMsFieldEvent {
    field: '$.report.wallMs'
    value: number
  }

  export interface MemberHealthReportUptimeMsFieldEvent {
    field: '$.report.uptimeMs'
    value: number
  }

  export interface MemberHealthReportLoad1FieldEvent {
    field: '$.report.load1'
    value: number
  }

  export interface MemberHealthReportLoad5FieldEvent {
    field: '$.report.load5'
    value: number
  }

  export interface MemberHealthReportLoad15FieldEvent {
    field: '$.report.load15'
    value: number
  }

  export interface MemberHealthReportProcessCpuFieldEvent {
    field: '$.report.processCpu'
    value: number
  }

  export interface MemberHealthReportRssBytesFieldEvent {
    field: '$.report.rssBytes'
    value: number
  }

  export interface MemberHealthReportMemFreeBytesFieldEvent {
    field: '$.report.memFreeBytes'
    value: number
  }

  export interface MemberHealthReportMemTotalBytesFieldEvent {
    field: '$.report.memTotalBytes'
    value: number
  }

  export interface MemberHealthReportDiskFreeBytesFieldEvent {
    field: '$.report.diskFreeBytes'
    value: number
  }

  export interface MemberHealthReportDiskTotalBytesFieldEvent {
    field: '$.report.diskTotalBytes'
    value: number
  }

  export interface MemberHealthReportLogEntriesFieldEvent {
    field: '$.report.logEntries'
    value: number
  }

  export interface MemberHealthReportLogNewestMsFieldEvent {
    field: '$.report.logNewestMs'
    value: number
  }

  export interface MemberHealthReportAppliedChannelFieldEvent {
    field: '$.report.applied[].channel'
    value: string
    index: number
  }

  export interface MemberHealthReportAppliedVersionFieldEvent {
    field: '$.report.applied[].version'
    value: number
    index: number
  }

  export interface MemberHealthReportPeersFieldEvent {
    field: '$.report.peers'
    value: number
  }

  export function encode (obj: Partial<MemberHealth>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MemberHealth.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MemberHealth>): MemberHealth {
    return decodeMessage(buf, MemberHealth.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MemberHealth>): Generator<MemberHealthNodeFieldEvent | MemberHealthStateFieldEvent | MemberHealthLastSeenMsFieldEvent | MemberHealthRttMsFieldEvent | MemberHealthLagEntriesFieldEvent | MemberHealthReportVersionFieldEvent | MemberHealthReportFederationFieldEvent | MemberHealthReportWallMsFieldEvent | MemberHealthReportUptimeMsFieldEvent | MemberHealthReportLoad1FieldEvent | MemberHealthReportLoad5FieldEvent | MemberHealthReportLoad15FieldEvent | MemberHealthReportProcessCpuFieldEvent | MemberHealthReportRssBytesFieldEvent | MemberHealthReportMemFreeBytesFieldEvent | MemberHealthReportMemTotalBytesFieldEvent | MemberHealthReportDiskFreeBytesFieldEvent | MemberHealthReportDiskTotalBytesFieldEvent | MemberHealthReportLogEntriesFieldEvent | MemberHealthReportLogNewestMsFieldEvent | MemberHealthReportAppliedChannelFieldEvent | MemberHealthReportAppliedVersionFieldEvent | MemberHealthReportPeersFieldEvent> {
    return streamMessage(buf, MemberHealth.codec(), opts)
  }
}

export interface HealthSummary {
  version: number
  federation: Uint8Array<ArrayBuffer>
  wallMs: number
  part: number
  parts: number
  addrs: string[]
  members: MemberHealth[]
}

export namespace HealthSummary {
  let _codec: Codec<HealthSummary>

  export const codec = (): Codec<HealthSummary> => {
    if (_codec == null) {
      _codec = message<HealthSummary>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.federation != null && obj.federation.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.federation)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.wallMs)
        }

        if ((obj.part != null && obj.part !== 0)) {
          w.uint32(32)
          w.uint32(obj.part)
        }

        if ((obj.parts != null && obj.parts !== 0)) {
          w.uint32(40)
          w.uint32(obj.parts)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(50)
            w.string(value)
          }
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(58)
            MemberHealth.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          federation: uint8ArrayAlloc(0),
          wallMs: 0,
          part: 0,
          parts: 0,
          addrs: [],
          members: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.federation = reader.bytes()
              break
            }
            case 3: {
              obj.wallMs = reader.uint64Number()
              break
            }
            case 4: {
              obj.part = reader.uint32()
              break
            }
            case 5: {
              obj.parts = reader.uint32()
              break
            }
            case 6: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.string())
              break
            }
            case 7: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(MemberHealth.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.members$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          addrs: 0,
          members: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.federation`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.part`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.parts`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.string()
              }

              obj.addrs++

              break
            }
            case 7: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              for (const evt of MemberHealth.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
                limits: opts.limits?.members$
              })) {
                yield {
                  ...evt,
                  index: obj.members
                }
              }

              obj.members++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface HealthSummaryVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface HealthSummaryFederationFieldEvent {
    field: '$.federation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HealthSummaryWallMsFieldEvent {
    field: '$.wallMs'
    value: number
  }

  export interface HealthSummaryPartFieldEvent {
    field: '$.part'
    value: number
  }

  export interface HealthSummaryPartsFieldEvent {
    field: '$.parts'
    value: number
  }

  export interface HealthSummaryAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: string
  }

  export interface HealthSummaryMembersNodeFieldEvent {
    field: '$.members[].node'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface HealthSummaryMembersStateFieldEvent {
    field: '$.members[].state'
    value: number
    index: number
  }

  export interface HealthSummaryMembersLastSeenMsFieldEvent {
    field: '$.members[].lastSeenMs'
    value: number
    index: number
  }

  export interface HealthSummaryMembersRttMsFieldEvent {
    field: '$.members[].rttMs'
    value: number
    index: number
  }

  export interface HealthSummaryMembersLagEntriesFieldEvent {
    field: '$.members[].lagEntries'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportVersionFieldEvent {
    field: '$.members[].report.version'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportFederationFieldEvent {
    field: '$.members[].report.federation'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface HealthSummaryMembersReportWallMsFieldEvent {
    field: '$.members[].report.wallMs'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportUptimeMsFieldEvent {
    field: '$.members[].report.uptimeMs'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportLoad1FieldEvent {
    field: '$.members[].report.load1'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportLoad5FieldEvent {
    field: '$.members[].report.load5'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportLoad15FieldEvent {
    field: '$.members[].report.load15'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportProcessCpuFieldEvent {
    field: '$.members[].report.processCpu'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportRssBytesFieldEvent {
    field: '$.members[].report.rssBytes'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportMemFreeBytesFieldEvent {
    field: '$.members[].report.memFreeBytes'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportMemTotalBytesFieldEvent {
    field: '$.members[].report.memTotalBytes'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportDiskFreeBytesFieldEvent {
    field: '$.members[].report.diskFreeBytes'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportDiskTotalBytesFieldEvent {
    field: '$.members[].report.diskTotalBytes'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportLogEntriesFieldEvent {
    field: '$.members[].report.logEntries'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportLogNewestMsFieldEvent {
    field: '$.members[].report.logNewestMs'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportAppliedChannelFieldEvent {
    field: '$.members[].report.applied[].channel'
    value: string
    index: number
  }

  export interface HealthSummaryMembersReportAppliedVersionFieldEvent {
    field: '$.members[].report.applied[].version'
    value: number
    index: number
  }

  export interface HealthSummaryMembersReportPeersFieldEvent {
    field: '$.members[].report.peers'
    value: number
    index: number
  }

  export function encode (obj: Partial<HealthSummary>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HealthSummary.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HealthSummary>): HealthSummary {
    return decodeMessage(buf, HealthSummary.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HealthSummary>): Generator<HealthSummaryVersionFieldEvent | HealthSummaryFederationFieldEvent | HealthSummaryWallMsFieldEvent | HealthSummaryPartFieldEvent | HealthSummaryPartsFieldEvent | HealthSummaryAddrsFieldEvent | HealthSummaryMembersNodeFieldEvent | HealthSummaryMembersStateFieldEvent | HealthSummaryMembersLastSeenMsFieldEvent | HealthSummaryMembersRttMsFieldEvent | HealthSummaryMembersLagEntriesFieldEvent | HealthSummaryMembersReportVersionFieldEvent | HealthSummaryMembersReportFederationFieldEvent | HealthSummaryMembersReportWallMsFieldEvent | HealthSummaryMembersReportUptimeMsFieldEvent | HealthSummaryMembersReportLoad1FieldEvent | HealthSummaryMembersReportLoad5FieldEvent | HealthSummaryMembersReportLoad15FieldEvent | HealthSummaryMembersReportProcessCpuFieldEvent | HealthSummaryMembersReportRssBytesFieldEvent | HealthSummaryMembersReportMemFreeBytesFieldEvent | HealthSummaryMembersReportMemTotalBytesFieldEvent | HealthSummaryMembersReportDiskFreeBytesFieldEvent | HealthSummaryMembersReportDiskTotalBytesFieldEvent | HealthSummaryMembersReportLogEntriesFieldEvent | HealthSummaryMembersReportLogNewestMsFieldEvent | HealthSummaryMembersReportAppliedChannelFieldEvent | HealthSummaryMembersReportAppliedVersionFieldEvent | HealthSummaryMembersReportPeersFieldEvent> {
    return streamMessage(buf, HealthSummary.codec(), opts)
  }
}

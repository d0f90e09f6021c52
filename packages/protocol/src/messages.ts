import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
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

  export interface OperationGenesisNonceFieldEvent {
    field: '$.genesis.nonce'
    value: Uint8Array<ArrayBuffer>
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

  export interface OperationWaveAnnounceExpiresMsFieldEvent {
    field: '$.waveAnnounce.expiresMs'
    value: number
  }

  export function encode (obj: Partial<Operation>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Operation.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Operation>): Operation {
    return decodeMessage(buf, Operation.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Operation>): Generator<OperationVersionFieldEvent | OperationFederationFieldEvent | OperationWallMsFieldEvent | OperationCounterFieldEvent | OperationGenesisNameFieldEvent | OperationGenesisRootsFieldEvent | OperationGenesisRootThresholdFieldEvent | OperationGenesisQueensFieldEvent | OperationGenesisParamsMaxClockOffsetMsFieldEvent | OperationGenesisNonceFieldEvent | OperationWaveAnnounceChannelFieldEvent | OperationWaveAnnounceVersionFieldEvent | OperationWaveAnnounceContentModuleFieldEvent | OperationWaveAnnounceContentSizeFieldEvent | OperationWaveAnnounceContentSha256FieldEvent | OperationWaveAnnounceContentNameFieldEvent | OperationWaveAnnounceExpiresMsFieldEvent> {
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

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          roots: [],
          rootThreshold: 0,
          queens: [],
          nonce: uint8ArrayAlloc(0)
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
          queens: 0
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

  export interface GenesisNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Genesis>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Genesis.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Genesis>): Genesis {
    return decodeMessage(buf, Genesis.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Genesis>): Generator<GenesisNameFieldEvent | GenesisRootsFieldEvent | GenesisRootThresholdFieldEvent | GenesisQueensFieldEvent | GenesisParamsMaxClockOffsetMsFieldEvent | GenesisNonceFieldEvent> {
    return streamMessage(buf, Genesis.codec(), opts)
  }
}

export interface Params {
  maxClockOffsetMs: number
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

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          maxClockOffsetMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.maxClockOffsetMs = reader.uint32()
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

  export function encode (obj: Partial<Params>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Params.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Params>): Params {
    return decodeMessage(buf, Params.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Params>): Generator<ParamsMaxClockOffsetMsFieldEvent> {
    return streamMessage(buf, Params.codec(), opts)
  }
}

export interface WaveAnnounce {
  channel: string
  version: number
  content?: ContentDescriptor
  expiresMs: number
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

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          channel: '',
          version: 0,
          expiresMs: 0
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

  export interface WaveAnnounceExpiresMsFieldEvent {
    field: '$.expiresMs'
    value: number
  }

  export function encode (obj: Partial<WaveAnnounce>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WaveAnnounce.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WaveAnnounce>): WaveAnnounce {
    return decodeMessage(buf, WaveAnnounce.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WaveAnnounce>): Generator<WaveAnnounceChannelFieldEvent | WaveAnnounceVersionFieldEvent | WaveAnnounceContentModuleFieldEvent | WaveAnnounceContentSizeFieldEvent | WaveAnnounceContentSha256FieldEvent | WaveAnnounceContentNameFieldEvent | WaveAnnounceExpiresMsFieldEvent> {
    return streamMessage(buf, WaveAnnounce.codec(), opts)
  }
}

export interface ContentDescriptor {
  module: string
  size: number
  sha256: Uint8Array<ArrayBuffer>
  name: string
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

  export function encode (obj: Partial<ContentDescriptor>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ContentDescriptor.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContentDescriptor>): ContentDescriptor {
    return decodeMessage(buf, ContentDescriptor.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContentDescriptor>): Generator<ContentDescriptorModuleFieldEvent | ContentDescriptorSizeFieldEvent | ContentDescriptorSha256FieldEvent | ContentDescriptorNameFieldEvent> {
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

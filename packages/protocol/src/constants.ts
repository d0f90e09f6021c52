/** Wire format version carried in every message; a decoder refuses others. */
export const PROTOCOL_VERSION = 1

/** Payload type of a log operation inside an envelope. */
export const OP_PAYLOAD_TYPE = '/waggle/op/1'

/**
 * Largest envelope accepted anywhere, in bytes. Announcements carry a
 * descriptor, never content (ARCHITECTURE: data never rides on gossip), so
 * 64 KiB is far above any honest operation and bounds a hostile one.
 */
export const MAX_ENVELOPE_BYTES = 64 * 1024

/** Longest payload type string, in characters. */
export const MAX_PAYLOAD_TYPE_CHARS = 64

/**
 * Default bound on how far ahead of this node's clock an operation's stamp
 * may be, in milliseconds. Hosts kept by NTP are milliseconds apart; a minute
 * tolerates a sloppy host while stopping a stamp that would freeze the order.
 */
export const DEFAULT_MAX_CLOCK_OFFSET_MS = 60_000

/** Largest HLC counter; past it the clock moves its wall part ahead by 1 ms. */
export const HLC_MAX_COUNTER = 0xffff_ffff

/** Size of an Ed25519 public key, of a node id's raw form, in bytes. */
export const PUBLIC_KEY_BYTES = 32
/** Size of an Ed25519 signature in bytes. */
export const SIGNATURE_BYTES = 64
/** Size of an entry id and of a federation id (SHA-256) in bytes. */
export const ID_BYTES = 32

/** Order key: wallMs (8) + counter (4) + signer (32), big-endian. */
export const ORDER_KEY_BYTES = 8 + 4 + PUBLIC_KEY_BYTES
/** Entry key: the order key followed by the entry id, unique per entry. */
export const ENTRY_KEY_BYTES = ORDER_KEY_BYTES + ID_BYTES

/** Most keys genesis may name in one list (roots, queens). */
export const MAX_GENESIS_KEYS = 1024
/** Longest federation name, in characters. */
export const MAX_FEDERATION_NAME_CHARS = 128
/** Channel names: lower-case letters, digits, '.', '_', '-'; at most 128. */
export const CHANNEL_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,127}$/
/** Longest sync module name, in characters. */
export const MAX_MODULE_NAME_CHARS = 64
/** Longest content name, in characters. */
export const MAX_CONTENT_NAME_CHARS = 255
/** Fewest random bytes in a genesis nonce, so two federations never share an id. */
export const MIN_GENESIS_NONCE_BYTES = 16

/**
 * The reducer's state is checkpointed every this many entries, so a late
 * operation is folded in from the nearest checkpoint rather than from genesis.
 * 512 keeps a recompute under a millisecond or so while costing one state
 * copy per 512 entries.
 */
export const CHECKPOINT_INTERVAL_ENTRIES = 512

/** Most buckets a catch-up summary may hold. */
export const CATCHUP_MAX_BUCKETS = 4096
/**
 * Fewest entries per catch-up bucket. A mismatched bucket is resent whole,
 * so smaller buckets waste less; 256 keeps a 10,000-entry summary at 40
 * buckets (about 3 KiB).
 */
export const CATCHUP_MIN_BUCKET_ENTRIES = 256
/** Envelopes per catch-up response frame. */
export const CATCHUP_BATCH_ENTRIES = 256
/** Largest catch-up frame, in bytes: a full batch of the largest envelopes. */
export const CATCHUP_MAX_FRAME_BYTES = CATCHUP_BATCH_ENTRIES * (MAX_ENVELOPE_BYTES + 8) + 64

/** Payload type under which a bundle's manifest is signed. */
export const BUNDLE_PAYLOAD_TYPE = '/waggle/bundle/1'

/**
 * Largest bundle accepted for import, in bytes. A log-only bundle of
 * 100,000 operations is about 25 MiB; the bound stops a hostile or broken
 * file from exhausting memory, since a bundle is verified whole before
 * anything is applied.
 */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024

/** Most entries one bundle may carry. */
export const MAX_BUNDLE_ENTRIES = 1_000_000

/**
 * Bytes per content chunk a publisher uses (a tree manifest names its own).
 * 1 MiB splits a 64 MiB version into 64 chunks, several for each of a
 * dozen peers, and a 4 GiB image into 4,096 (128 KiB of manifest). Each
 * chunk costs a request slot, a stored file and its writes and renames on
 * every node: with 256 KiB chunks those fixed costs were a third of the
 * CPU a 10-node swarm spent on a 64 MiB wave (scripts/bench content).
 */
export const DEFAULT_CHUNK_SIZE = 1024 * 1024

/** Largest chunk size a tree manifest may declare, in bytes. */
export const MAX_CHUNK_SIZE = 4 * 1024 * 1024

/**
 * Largest tree manifest, in bytes: about 100,000 files or 500,000 chunks.
 * The announcement carries the exact size; this bounds it.
 */
export const MAX_TREE_MANIFEST_BYTES = 16 * 1024 * 1024

/** Most chunks one chunk request may ask for. */
export const MAX_CHUNKS_PER_REQUEST = 64

/** Payload type of a node's signed wave report. */
export const REPORT_PAYLOAD_TYPE = '/waggle/report/1'

/** Longest descriptor source (URL, path) or ref, in characters. */
export const MAX_CONTENT_SOURCE_CHARS = 2048

/** Most tags a wave may target. */
export const MAX_TARGET_TAGS = 64
/** Most node ids a wave may target (32 bytes each: 34 KiB, inside an envelope). */
export const MAX_TARGET_NODES = 1024

/** Most networks a federation names. */
export const MAX_NETWORKS = 256
/** Network names: like channel names, at most 64 characters. */
export const NETWORK_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/
/** The network of a federation whose genesis names none. */
export const DEFAULT_NETWORK = 'default'
/** Most members genesis may name (about 45 bytes each; the 64 KiB envelope bound applies to the whole genesis). */
export const MAX_GENESIS_MEMBERS = 1024
/** Most channels one queen grant names. */
export const MAX_QUEEN_CHANNELS = 256
/** Longest free-text reason or note in an operation, in characters. */
export const MAX_REASON_CHARS = 512
/** Largest invite envelope, in bytes. */
export const MAX_INVITE_BYTES = 1024

/** Roles, as the wire numbers them. */
export const ROLE_HOST = 0
export const ROLE_SUPERNODE = 1
export const ROLE_STANDBY = 2
export const ROLE_PRINCESS = 3
/** RoleChange only: queen of some or every channel. */
export const ROLE_QUEEN = 4
/** Role names, by wire number. */
export const ROLE_NAMES = ['host', 'supernode', 'standby', 'princess', 'queen'] as const
export type RoleName = typeof ROLE_NAMES[number]

/** Defaults of the genesis parameters added with roles. */
export const DEFAULT_MIN_SUPERNODES = 1
export const DEFAULT_HEALTH_INTERVAL_MS = 5_000
export const DEFAULT_SUPERNODE_GRACE_MS = 15_000

/** Payload type of an invite. */
export const INVITE_PAYLOAD_TYPE = '/waggle/invite/1'
/** Payload type of a join request. */
export const JOIN_REQUEST_PAYLOAD_TYPE = '/waggle/join-request/1'

/** Payload type of a supernode's signed health summary. */
export const HEALTH_SUMMARY_PAYLOAD_TYPE = '/waggle/health-summary/1'
/** Most members one summary part lists. */
export const MAX_SUMMARY_MEMBERS = 1024
/** Most parts one summary round may have (65,536 members at the fullest). */
export const MAX_SUMMARY_PARTS = 64
/** Most addresses a supernode gives in its summary, and their longest, in characters. */
export const MAX_SUMMARY_ADDRS = 16
export const MAX_SUMMARY_ADDR_CHARS = 256
/** Most channels one health report lists applied versions of. */
export const MAX_HEALTH_CHANNELS = 256
/**
 * Bytes of members one summary part carries at most: its envelope must stay
 * under MAX_ENVELOPE_BYTES, with room for the addresses and the framing.
 */
export const SUMMARY_PART_BUDGET_BYTES = 56 * 1024

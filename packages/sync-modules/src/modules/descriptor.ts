import type { ContentDescriptor } from '@waggle/protocol'
import { InvalidDescriptorError } from '../errors.js'

/**
 * Why a module must not act on `descriptor`, or undefined: it names another
 * module, lacks a source, or has a size that is not a byte count. The
 * registry already routes by name; this keeps a module that is called
 * directly from acting on another module's parameters.
 */
export function descriptorProblem (module: string, descriptor: ContentDescriptor): string | undefined {
  if (descriptor.module !== module) return `it is for the "${descriptor.module}" module, not "${module}"`
  if (descriptor.source === undefined || descriptor.source === '') return 'it has no source'
  if (!Number.isSafeInteger(descriptor.size) || descriptor.size < 0) return `its size ${descriptor.size} is not a byte count`
  if (descriptor.sha256.byteLength !== 32) return `its sha256 is ${descriptor.sha256.byteLength} bytes, not 32`
  return undefined
}

/**
 * The descriptor's source, once {@link descriptorProblem} finds nothing.
 *
 * @throws InvalidDescriptorError naming the problem
 */
export function checkedSource (module: string, descriptor: ContentDescriptor): string {
  const problem = descriptorProblem(module, descriptor)
  if (problem !== undefined) throw new InvalidDescriptorError(module, problem)
  return descriptor.source as string
}

import { MemoryCodeGenerator } from '../../adapters/memory/code-generator';
import { MemoryCodeIndex } from '../../adapters/memory/code-index';
import { MemoryFileStore } from '../../adapters/memory/file-store';
import { CodeService } from '../delivery/code-service';

/** A CodeService on in-memory adapters, with handles on each so tests can look at what happened. */
export function memoryService() {
  const generator = new MemoryCodeGenerator();
  const files = new MemoryFileStore();
  const index = new MemoryCodeIndex();
  const service = new CodeService({ generator, files, index, clock: { now: () => 1_700_000_000_000 } });
  return { generator, files, index, service };
}

package dev.kart.core.internal.storage;

import dev.kart.core.fixtures.MemoryStorageProvider;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.test.support.storage.StorageContract;
import java.util.UUID;

/** The test store that proves the runtime needs no files passes the same contract as real stores. */
class MemoryStorageContractTest extends StorageContract {
    @Override
    protected WorkspaceStorage openStorage() {
        return MemoryStorageProvider.store(UUID.randomUUID().toString());
    }
}

package dev.kart.storage.s3;

import dev.kart.storage.WorkspaceStorage;
import java.io.IOException;
import java.net.URI;

/** Opens the S3 storage as the runtime would, for tests of other packages that read a workspace back. */
public final class TestStorage {
    private TestStorage() {
    }

    /**
     * @param workspace {@code s3://bucket/prefix}
     * @param endpoint the test server
     * @return the storage, path-style, with this module's defaults otherwise; close it
     * @throws IOException when it cannot be opened
     */
    public static WorkspaceStorage open(URI workspace, URI endpoint) throws IOException {
        return new S3StorageProvider().open(workspace, ReferenceSection.of("endpoint = \"" + endpoint + "\"",
                "path-style-access = true"));
    }
}

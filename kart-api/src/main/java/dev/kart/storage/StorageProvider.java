package dev.kart.storage;

import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import java.io.IOException;
import java.net.URI;

/**
 * Opens workspaces of one URI scheme. Providers are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.kart.storage.StorageProvider}, or {@code provides} in a module
 * descriptor); the scheme of {@code kart.workspace} (or {@code --workspace}) picks one, a plain path
 * meaning {@code file}. As with lock backends, a provider owns its configuration: its keys live under
 * {@code kart.storage.<scheme>} in its module's {@code reference.conf}, and the runtime hands it that
 * section.
 */
public interface StorageProvider {

    /** @return the URI scheme it serves, lower case, such as {@code file} or {@code s3} */
    String scheme();

    /**
     * Opens the workspace at {@code location}, checking what it can without writing: a missing
     * bucket, missing credentials or a wrong region fail here, not at the first publish.
     *
     * @param location the workspace, such as {@code s3://bucket/prefix} or {@code file:///data/ws}
     * @param section this provider's section, {@code kart.storage.<scheme>}
     * @return the open storage; the runtime closes it when it closes
     * @throws KartConfigException when a setting or the URI is invalid; the message names the key or URI
     * @throws StorageUnreachableException when the store cannot be reached
     * @throws IOException when the store refuses access; the message names the location and what to check
     */
    WorkspaceStorage open(URI location, ConfigSection section) throws IOException;
}

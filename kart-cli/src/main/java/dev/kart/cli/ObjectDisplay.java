package dev.kart.cli;

import dev.kart.core.internal.cache.Workspace;
import java.util.function.Function;

/**
 * Shows objects of the workspace, given by relative path: a local workspace's files as
 * {@link PathDisplay} shows paths (relative to the working directory when under it), other stores'
 * objects by URI ({@code s3://bucket/prefix/pkg/Task_ab12.json}).
 */
final class ObjectDisplay implements Function<String, String> {
    private final Workspace workspace;
    private final PathDisplay paths = new PathDisplay();

    /** @param workspace the workspace the paths are relative to */
    ObjectDisplay(Workspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public String apply(String path) {
        return workspace.localRoot().map(root -> paths.apply(root.resolve(path)))
                .orElseGet(() -> workspace.uri(path).toString());
    }

    /** @return the workspace itself, shown the same way */
    String workspace() {
        return workspace.localRoot().map(paths).orElseGet(() -> workspace.storage().location().toString());
    }
}

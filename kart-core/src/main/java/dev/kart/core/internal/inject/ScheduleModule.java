package dev.kart.core.internal.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Scopes;
import dev.kart.core.internal.graph.GraphBuilder;
import dev.kart.core.internal.info.NodeIdentity;
import dev.kart.core.internal.info.TaskInfoWriter;
import dev.kart.core.internal.schedule.BuildRunner;

/** Scheduling: task graphs, the build runner and its workers, and the task info they leave. */
final class ScheduleModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(GraphBuilder.class).in(Scopes.SINGLETON);
        bind(TaskInfoWriter.class).in(Scopes.SINGLETON);
        bind(BuildRunner.class).in(Scopes.SINGLETON);
        // one identity per runtime: two runtimes in one JVM are two nodes, and keep separate records
        Provider<NodeIdentity> node = NodeIdentity::next;
        bind(NodeIdentity.class).toProvider(node).in(Scopes.SINGLETON);
    }
}

package dev.kart.core.internal.info;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Two records' writers are the same node when host, process id and runtime number all are. */
class NodeIdentityTest {
    @Test
    void isTheSameNodeOnlyWithTheSameHostPidAndRuntime() {
        NodeIdentity node = new NodeIdentity(new ProcessIdentity("vm", 7), 1);

        assertThat(node).isEqualTo(new NodeIdentity(new ProcessIdentity("vm", 7), 1))
                .hasSameHashCodeAs(new NodeIdentity(new ProcessIdentity("vm", 7), 1));
        assertThat(node).isNotEqualTo(new NodeIdentity(new ProcessIdentity("vm", 7), 2))
                .isNotEqualTo(new NodeIdentity(new ProcessIdentity("vm", 8), 1))
                .isNotEqualTo(new NodeIdentity(new ProcessIdentity("other", 7), 1))
                .isNotEqualTo(new ProcessIdentity("vm", 7));
        assertThat(new ProcessIdentity(null, 7)).isEqualTo(new ProcessIdentity(null, 7))
                .hasSameHashCodeAs(new ProcessIdentity(null, 7))
                .isNotEqualTo(new ProcessIdentity("vm", 7));
    }

    @Test
    void aNodeHasEndedWhenItsRuntimeClosedOrItsProcessOfThisHostExited() throws Exception {
        NodeIdentity open = NodeIdentity.next();
        NodeIdentity closed = NodeIdentity.next();
        closed.closed();
        String host = ProcessIdentity.current().host();
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();

        assertThat(open.ended()).as("a runtime of this JVM not closed").isFalse();
        assertThat(closed.ended()).as("a closed runtime of this JVM").isTrue();
        assertThat(new NodeIdentity(new ProcessIdentity(host, exited.pid()), 1).ended()).as("a process that exited")
                .isTrue();
        assertThat(new NodeIdentity(new ProcessIdentity(host, parent), 1).ended()).as("a process running").isFalse();
        assertThat(new NodeIdentity(new ProcessIdentity("elsewhere", exited.pid()), 1).ended())
                .as("a process of another host, which may be running").isFalse();
        open.closed();
    }
}

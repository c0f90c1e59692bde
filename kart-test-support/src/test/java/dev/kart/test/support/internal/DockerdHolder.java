package dev.kart.test.support.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A JVM that starts its own dockerd and writes its pid, its directory and what it saw of the
 * machine's network to a file; then, by its argument, stops the daemon and exits ({@code stop}) or
 * waits to be killed ({@code hold}).
 */
public final class DockerdHolder {
    private DockerdHolder() {
    }

    /**
     * @param args the report file, then {@code stop} or {@code hold}
     * @throws Exception when the daemon cannot start
     */
    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        List<String> interfacesBefore = MachineNetwork.interfaces();
        String forwardingBefore = MachineNetwork.ipForwarding();
        TestDockerd.start();
        TestDockerd daemon = TestDockerd.current().orElseThrow();
        List<String> lines = List.of("pid=" + daemon.pid(), "directory=" + daemon.directory(),
                "interfaces-before=" + interfacesBefore, "interfaces-after=" + MachineNetwork.interfaces(),
                "forwarding-before=" + forwardingBefore, "forwarding-after=" + MachineNetwork.ipForwarding());
        Path partial = Path.of(report + ".partial");
        Files.write(partial, lines);
        Files.move(partial, report);
        if (args[1].equals("stop")) {
            daemon.stop();
            System.out.println("stopped");
            return;
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}

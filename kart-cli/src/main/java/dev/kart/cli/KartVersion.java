package dev.kart.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code kart --version}: the version in the runnable jar's manifest. */
final class KartVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = KartCommand.class.getPackage().getImplementationVersion();
        return new String[] {"kart " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}

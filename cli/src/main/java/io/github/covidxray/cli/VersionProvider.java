package io.github.covidxray.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest, so it is never out of date. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = CovidXrayCli.class.getPackage().getImplementationVersion();
        return new String[] {
            "covid-xray " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch"),
            CovidXrayCli.DISCLAIMER
        };
    }
}

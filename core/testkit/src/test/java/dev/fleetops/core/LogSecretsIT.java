package dev.fleetops.core;

import dev.fleetops.testkit.emulator.IotHubEmulator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after the unit tests (failsafe, {@code verify} phase) and reads every log line they wrote, FleetOps' own at
 * DEBUG level and the libraries' at INFO: no key, SAS signature, bearer token or connection-string key may appear
 * unmasked. Log lines are slf4j-simple's ({@code [thread] LEVEL logger - message}) and the stack traces that follow
 * them; a program's own printed output (the emulator's command line prints its credential on purpose) is not a log
 * line.
 */
class LogSecretsIT {

    private static final Pattern LOG_LINE = Pattern.compile("^\\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - .*");
    private static final Pattern CONTINUATION = Pattern.compile("^(\\s+at |\\s+\\.\\.\\.|Caused by: |\\S+(Exception|Error)\\b).*");

    private static final List<Pattern> SECRETS = List.of(
            Pattern.compile("(?i)SharedAccessKey\\s*=\\s*(?!\\*\\*\\*)[^;\\s\"'&]"),
            Pattern.compile("(?i)SharedAccessKey%3D(?!\\*\\*\\*)"),
            Pattern.compile("(?i)\\bsig\\s*=\\s*(?!\\*\\*\\*)[^&;\\s\"']"),
            Pattern.compile("(?i)sig%3D(?!\\*\\*\\*)"),
            Pattern.compile("(?i)\\bBearer\\s+(?!\\*\\*\\*)[A-Za-z0-9\\-._~+/]{8,}"),
            Pattern.compile("(?i)\"(primaryKey|secondaryKey)\"\\s*:\\s*\"(?!\\*\\*\\*)[^\"]+\""),
            Pattern.compile(Pattern.quote(IotHubEmulator.SHARED_ACCESS_KEY)));

    @Test
    void logLinesOfTheWholeSuite_holdNoSecret() throws IOException {
        // This module's reports, and core's (built before this module in the reactor) when they are there.
        Path reports = Paths.get("target", "surefire-reports");
        assertThat(reports).as("surefire reports of this build").isDirectory();
        List<Path> outputs = new ArrayList<>();
        for (Path dir : List.of(reports, Paths.get("..", "target", "surefire-reports"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.getFileName().toString().endsWith("-output.txt")).sorted()
                            .forEach(outputs::add);
                }
            }
        }
        long logLines = 0;
        long fleetOpsDebugLines = 0;
        List<String> leaks = new ArrayList<>();
        for (Path output : outputs) {
            boolean inLogEntry = false;
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                if (LOG_LINE.matcher(line).matches()) {
                    inLogEntry = true;
                    logLines++;
                    if (line.contains(" DEBUG dev.fleetops.")) {
                        fleetOpsDebugLines++;
                    }
                } else if (!inLogEntry || !CONTINUATION.matcher(line).matches()) {
                    inLogEntry = false;
                    continue;
                }
                for (Pattern secret : SECRETS) {
                    if (secret.matcher(line).find()) {
                        // the report names the place, never repeats the secret
                        leaks.add(output.getFileName() + ": a line matching " + secret.pattern());
                    }
                }
            }
        }
        assertThat(outputs).as("test output files").isNotEmpty();
        assertThat(fleetOpsDebugLines).as("FleetOps DEBUG lines read (retries, faults)").isGreaterThan(100);
        assertThat(logLines).isGreaterThanOrEqualTo(fleetOpsDebugLines);
        assertThat(leaks).as("log lines holding a secret").isEmpty();
    }
}

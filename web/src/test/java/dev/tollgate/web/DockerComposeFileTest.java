package dev.tollgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compose file in {@code docker/}, checked offline: there is no Docker engine here, but Debian's docker-compose
 * parses and resolves the file as an engine would before starting anything.
 */
class DockerComposeFileTest {

    private static final Path DOCKER = Path.of(System.getProperty("tollgate.root"), "docker");

    @Test
    void composeFileIsValidAndDescribesTheWholeSystem() throws Exception {
        String config = dockerCompose("config");

        for (String service : new String[] {"postgres:", "keycloak:", "tollgate-1:", "tollgate-2:", "loadbalancer:"}) {
            assertTrue(config.contains("\n  " + service), "service " + service + " in\n" + config);
        }
        assertTrue(config.contains("TOLLGATE_DB_URL: jdbc:postgresql://postgres:5432/tollgate"), config);
        assertTrue(
                config.contains("TOLLGATE_CLUSTER: 'true'") || config.contains("TOLLGATE_CLUSTER: \"true\""), config);
        assertTrue(config.contains("TOLLGATE_CLUSTER_MEMBERS: tollgate-1:5900,tollgate-2:5900"), config);
        assertEquals(
                "keycloak\nloadbalancer\npostgres\ntollgate-1\ntollgate-2",
                dockerCompose("config", "--services")
                        .lines()
                        .sorted()
                        .reduce((a, b) -> a + "\n" + b)
                        .orElseThrow());
    }

    @Test
    void loadBalancerSpreadsOverBothReplicas() throws Exception {
        String nginx = Files.readString(DOCKER.resolve("nginx.conf"));

        assertTrue(nginx.contains("server tollgate-1:8080"), nginx);
        assertTrue(nginx.contains("server tollgate-2:8080"), nginx);
        assertTrue(nginx.contains("proxy_buffering off"), "streamed completions must not be buffered");
    }

    @Test
    void dockerfileRunsTheRunnableJar() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));

        assertTrue(dockerfile.contains("COPY web/target/tollgate.jar"), dockerfile);
        assertTrue(dockerfile.contains("ENTRYPOINT [\"/opt/tollgate/tollgate\"]"), dockerfile);
    }

    private static String dockerCompose(String... command) throws Exception {
        File executable = new File("/usr/bin/docker-compose");
        if (!executable.canExecute()) {
            throw new IllegalStateException(
                    "docker-compose is missing: apt-get install docker-compose (.ci/run does this)");
        }
        String[] line = new String[command.length + 3];
        line[0] = executable.getPath();
        line[1] = "-f";
        line[2] = DOCKER.resolve("compose.yaml").toString();
        System.arraycopy(command, 0, line, 3, command.length);
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose did not finish");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}

package org.sv2translator.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code health}: asks a running translator's {@code /health}; exit status 0 when it serves miners. It exists so a
 * container's HEALTHCHECK needs nothing but the jar (the slim JRE image has no curl).
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Exit 0 if the translator at --url answers /health with 200, 1 otherwise.")
final class HealthCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080/health",
            description = "The health endpoint (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--timeout", defaultValue = "3", description = "Seconds to wait for the answer (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(timeoutSeconds))
                    .build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(r.statusCode() + " " + r.body().strip());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (IOException e) {
            System.out.println("unreachable: " + url + ": " + e);
            return 1;
        }
    }
}

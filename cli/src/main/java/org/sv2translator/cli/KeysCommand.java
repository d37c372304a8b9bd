package org.sv2translator.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.sv2translator.v2.noise.InvalidAuthorityKeyException;
import org.sv2translator.v2.noise.NoiseKeys;
import org.sv2translator.v2.noise.SignatureNoiseMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keys}: authority keys and certificates for SV2 (spec 4.7), for pool operators and labs. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Authority key tool.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.PublicKey.class, KeysCommand.Certificate.class})
final class KeysCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Print a new authority key pair.")
    static final class Generate implements Callable<Integer> {
        @Override
        public Integer call() {
            NoiseKeys.AuthorityKeyPair pair = NoiseKeys.generateAuthorityKeyPair();
            System.out.println("secret key (keep private): " + pair.secretKey());
            System.out.println("public key (publish, miners' proxies pin it): " + pair.publicKey());
            return 0;
        }
    }

    @Command(name = "pubkey", mixinStandardHelpOptions = true, description = "Print the public key of a secret key.")
    static final class PublicKey implements Callable<Integer> {
        @Option(names = "--secret", required = true, description = "base58check authority secret key")
        String secret;

        @Override
        public Integer call() {
            try {
                System.out.println(NoiseKeys.publicKeyOf(secret));
                return 0;
            } catch (InvalidAuthorityKeyException e) {
                System.err.println("--secret: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "certificate", mixinStandardHelpOptions = true,
            description = "Issue a certificate (SIGNATURE_NOISE_MESSAGE) for a server's static key; prints its hex.")
    static final class Certificate implements Callable<Integer> {
        @Option(names = "--secret", required = true, description = "base58check authority secret key")
        String secret;

        @Option(names = "--server-key", required = true, description = "the server's x-only static public key, 64 hex digits")
        String serverKey;

        @Option(names = "--days", defaultValue = "365", description = "validity from now (default ${DEFAULT-VALUE})")
        long days;

        @Override
        public Integer call() {
            byte[] key;
            try {
                key = HexFormat.of().parseHex(serverKey);
            } catch (IllegalArgumentException e) {
                System.err.println("--server-key: not hex");
                return 2;
            }
            if (key.length != 32) {
                System.err.println("--server-key: must be 32 bytes (64 hex digits), got " + key.length);
                return 2;
            }
            try {
                Instant now = Instant.now();
                SignatureNoiseMessage cert = NoiseKeys.issueCertificate(secret, key, now, now.plus(Duration.ofDays(days)));
                System.out.println(HexFormat.of().formatHex(cert.encode()));
                return 0;
            } catch (InvalidAuthorityKeyException e) {
                System.err.println("--secret: " + e.getMessage());
                return 2;
            }
        }
    }
}

package dev.virtualsecrets.server.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends request bytes exactly as given over a new TLS connection (what no HTTP client library lets
 * through: bad paths, versions, framing and headers) and reads the answer's status and body.
 */
public final class RawHttps {

    /** The status code (-1 when none came before the connection closed) and what came after the head. */
    public record Answer(int code, String body, boolean timedOut, Duration took) {
    }

    private final SSLContext tls;
    private final URI server;

    public RawHttps(SSLContext tls, URI server) {
        this.tls = tls;
        this.server = server;
    }

    public String host() {
        return server.getHost() + ":" + server.getPort();
    }

    public Answer send(byte[] request, Duration timeout) {
        long start = System.nanoTime();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
            plain.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, server.getHost(),
                    server.getPort(), true)) {
                socket.startHandshake();
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                return read(socket.getInputStream(), start, timeout);
            }
        } catch (IOException e) {
            return new Answer(-1, String.valueOf(e), false, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Reads until the head and a Content-Length body (or the connection's end) arrived. */
    private static Answer read(InputStream in, long start, Duration timeout) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
                if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
                if (System.nanoTime() - start > timeout.toNanos()) {
                    throw new SocketTimeoutException();
                }
            }
        } catch (SocketTimeoutException e) {
            return new Answer(code(received.toString(StandardCharsets.ISO_8859_1)), received.toString(StandardCharsets.UTF_8),
                    true, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            // reset after the answer: what arrived counts
        }
        String text = received.toString(StandardCharsets.UTF_8);
        int head = text.indexOf("\r\n\r\n");
        return new Answer(code(text), head < 0 ? "" : text.substring(head + 4), false,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static boolean complete(String text) {
        int head = text.indexOf("\r\n\r\n");
        if (head < 0) {
            return false;
        }
        String headers = text.substring(0, head).toLowerCase(java.util.Locale.ROOT);
        int length = headers.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = headers.indexOf("\r\n", length + 2);
            long expected = Long.parseLong(headers.substring(length + 17, end < 0 ? headers.length() : end).trim());
            return text.getBytes(StandardCharsets.ISO_8859_1).length - head - 4 >= expected;
        }
        return headers.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
    }

    private static int code(String text) {
        if (!text.startsWith("HTTP/1.")) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (RuntimeException e) {
            return -1;
        }
    }
}

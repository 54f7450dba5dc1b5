package dev.virtualsecrets.csi.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a Unix domain socket (the only transport the kubelet uses for plugins): a stale
 * socket file from an earlier process is replaced, the socket is 0600 (root, i.e. the kubelet,
 * only), and it is removed again on close.
 */
public final class UnixSocketServer implements AutoCloseable {

    private final Path socket;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    private final Server server;

    public UnixSocketServer(Path socket, BindableService... services) {
        this.socket = socket;
        try {
            Files.createDirectories(socket.getParent());
            Files.deleteIfExists(socket);
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .bossEventLoopGroup(boss).workerEventLoopGroup(workers)
                    .channelType(EpollServerDomainSocketChannel.class);
            for (BindableService service : services) {
                builder.addService(service);
            }
            server = builder.build().start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot serve gRPC on " + socket, e);
        }
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            try {
                if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.shutdownNow();
            }
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // the directory went away with the pod: nothing to remove
        }
    }
}

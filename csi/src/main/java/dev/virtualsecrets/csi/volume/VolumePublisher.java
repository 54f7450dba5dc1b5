package dev.virtualsecrets.csi.volume;

import dev.virtualsecrets.csi.files.SecretFiles;
import dev.virtualsecrets.csi.files.Trees;
import dev.virtualsecrets.csi.kube.SecretRead;
import dev.virtualsecrets.csi.kube.VirtualSecretReader;
import dev.virtualsecrets.csi.mount.Mounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Publishes a volume: every named VirtualSecret is read as the pod first (all or nothing, so a
 * failure leaves the files as they were: empty on a first publish, the last good set on a
 * republish), then the tmpfs is mounted if it is not yet and the files are switched over at once.
 * Unpublishing unmounts and removes the target.
 */
public final class VolumePublisher {

    private static final Logger LOG = Logger.getLogger(VolumePublisher.class.getName());

    private final VirtualSecretReader reader;
    private final Mounter mounter;

    public VolumePublisher(VirtualSecretReader reader, Mounter mounter) {
        this.reader = reader;
        this.mounter = mounter;
    }

    /** @return whether the files changed */
    public boolean publish(PublishRequest request) {
        Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
        for (String name : request.secrets()) {
            SecretRead read = reader.read(request.namespace(), name, request.token());
            secrets.put(name, read.data());
        }
        Path target = request.targetPath();
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
        mounter.mount(target, request.group());
        boolean changed = SecretFiles.write(target, secrets, request.group());
        if (changed) {
            LOG.info("volume " + request.volumeId() + " of pod " + request.namespace() + "/" + request.podName()
                    + ": published " + request.secrets());
        }
        return changed;
    }

    public void unpublish(String volumeId, Path target) {
        mounter.unmount(target);
        try {
            Trees.delete(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + target, e);
        }
        LOG.info("volume " + volumeId + ": unpublished");
    }
}

#!/usr/bin/env bash
# Builds and runs the embedding example exactly as a user's project would: against the covid-xray artifacts
# in the local Maven repository. Run `mvn install` at the SDK's root first (CI does).
#   examples/embedding/run.sh [IMAGE...]     (with no image, classifies a generated 256x256 PNG)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mvn -q -B -f "$here/pom.xml" package dependency:build-classpath \
  -Dmdep.outputFile="$here/target/classpath.txt" -Dmdep.includeScope=runtime

images=("$@")
if [ ${#images[@]} -eq 0 ]; then
  # No image given: draw a synthetic one with the JDK alone, so the script runs on a fresh clone.
  gen="$here/target/generated"
  mkdir -p "$gen"
  cat > "$gen/Draw.java" <<'JAVA'
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;
public class Draw {
    public static void main(String[] a) throws Exception {
        BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) {
            boolean lung = Math.abs(Math.abs(x - 128) - 58) < 32 && Math.abs(y - 128) < 77;
            img.getRaster().setSample(x, y, 0, lung ? 60 + (x * 7 + y * 13) % 25 : 170 + (x * y) % 20);
        }
        ImageIO.write(img, "png", new File(a[0]));
    }
}
JAVA
  java -Djava.awt.headless=true "$gen/Draw.java" "$gen/synthetic.png"
  images=("$gen/synthetic.png")
fi

exec java -Dai.djl.offline=true -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  example.ClassifyXrays "${images[@]}"

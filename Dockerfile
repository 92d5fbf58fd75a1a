# The mcp-edge image: a JRE, the proxy's fat jar and its launcher, run as a non-root user.
#
#   ./mvnw -B -q -DskipTests package && docker build -t mcp-edge:0.1.0 .
#
# The entry point is the java command itself with the launcher's options (scripts/mcp-edge), so
# nothing needs a shell at run time: any JRE 17+ base works, a distroless one too
# (--build-arg BASE_IMAGE=gcr.io/distroless/java17-debian12:nonroot). The launcher is copied for
# images that have bash. The heap is not fixed: JDK_JAVA_OPTIONS sizes it from the container's
# memory limit, and the Helm chart sets it from edge.jvm.maxRAMPercentage. proxy-server's Jib
# configuration builds the same layout without Docker.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}

COPY proxy-server/target/proxy.jar /opt/mcp-edge/proxy.jar
COPY scripts/mcp-edge /opt/mcp-edge/mcp-edge

# Two malloc arenas instead of eight per core (the launcher's setting); heap from the limit.
ENV MALLOC_ARENA_MAX=2 \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75"

USER 10001:10001
EXPOSE 8080 9901
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms16m", "-Xmn8m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:ReservedCodeCacheSize=64m", "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=2000", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/mcp-edge/proxy.jar"]

# C-RNN-GAN Studio on a GPU machine: `crnngan serve` (the studio in a browser) and `crnngan train` on
# @tensorflow/tfjs-node-gpu 4.22, which needs exactly CUDA 11.2 + cuDNN 8.1 (CUDA 12 fails on libcudart.so.11.0).
# The library and runs live on the /data volume. This image is NOT built or run by this repo's tests (no Docker and
# no GPU there); see the README's "GPU container" section for how to build, run and check it.
#
# NVIDIA deletes end-of-life CUDA tags from Docker Hub; if this one is gone, pass a mirror or a self-built image with
# the same CUDA 11.2 / cuDNN 8 runtime: docker build --build-arg CUDA_IMAGE=registry.example/cuda:11.2.2-cudnn8 .
ARG CUDA_IMAGE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04
FROM ${CUDA_IMAGE}

ARG NODE_VERSION=20.19.0
ENV DEBIAN_FRONTEND=noninteractive
# python3/make/g++: tfjs-node-gpu compiles its binding with node-gyp when no prebuilt one matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl xz-utils python3 make g++ \
 && rm -rf /var/lib/apt/lists/* \
 && curl -fsSL "https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64.tar.xz" \
    | tar -xJ -C /usr/local --strip-components=1 \
 && node --version \
 && useradd --create-home --uid 1000 studio \
 && mkdir -p /data && chown studio:studio /data

WORKDIR /app
COPY package.json package-lock.json ./
# Electron's binary is not needed to serve or train (the renderer is built with electron-vite, no window opens).
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
# tfjs-node(-gpu) are optional dependencies: npm drops them silently when their libtensorflow download fails, so
# check that the GPU binding is really there (it cannot be loaded here: libcuda comes from the host's driver at run
# time, through the NVIDIA container toolkit).
RUN npm ci --no-audit --no-fund \
 && ls node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v*/tfjs_binding.node \
 && ls node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v*/libtensorflow.so.2
COPY . .
RUN npm run build && chown -R studio:studio /app

USER studio
ENV CRNNGAN_LIBRARY=/data/library \
    CRNNGAN_RUNS=/data/runs
VOLUME ["/data"]
EXPOSE 8765
ENTRYPOINT ["node", "bin/crnngan.mjs"]
# Inside the container the server must listen on 0.0.0.0 for Docker's port mapping; publish it on the host's
# loopback only (compose.yaml does: 127.0.0.1:8765:8765) and reach it from a laptop with ssh -L. The token is
# printed in the logs: docker compose logs studio
CMD ["serve", "--host", "0.0.0.0", "--port", "8765", "--backend", "tensorflow-gpu"]

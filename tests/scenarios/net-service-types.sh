# The five kinds of Service and how kubectl lists them: a ClusterIP, a NodePort, a
# LoadBalancer with no cloud to give it an address (<pending>), a headless Service (None)
# and an ExternalName; then addresses the API server refuses, with its messages.
kubectl create deployment web --image=nginx --replicas=2
settle
kubectl apply -f - <<X
apiVersion: v1
kind: Service
metadata:
  name: web-lb
spec:
  type: LoadBalancer
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web-headless
spec:
  clusterIP: None
  selector: {app: web}
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: docs
spec:
  type: ExternalName
  externalName: kubernetes.io
---
apiVersion: v1
kind: Service
metadata:
  name: web-np
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    nodePort: 30080
X
kubectl expose deployment web --port=8080 --target-port=80 --name=web
settle
kubectl get svc
kubectl get svc -o wide
kubectl get endpointslices
kubectl describe endpointslices -l kubernetes.io/service-name=web-headless
# Taken and out-of-range addresses.
kubectl apply -f - <<X
apiVersion: v1
kind: Service
metadata:
  name: clash
spec:
  clusterIP: 10.96.0.1
  ports:
  - port: 80
X
kubectl apply -f - <<X
apiVersion: v1
kind: Service
metadata:
  name: clash
spec:
  type: NodePort
  ports:
  - port: 80
    nodePort: 30080
X
kubectl apply -f - <<X
apiVersion: v1
kind: Service
metadata:
  name: clash
spec:
  type: NodePort
  ports:
  - port: 80
    nodePort: 8080
X
iptables control-plane
